// A small client of Marionette, Firefox's own remote protocol, for the end-to-end tests
// in Firefox (Playwright's Firefox needs its own patched build, which cannot be
// downloaded here; Debian's firefox-esr speaks Marionette).
//
// The protocol: TCP, every message framed as `<byte length>:<json>`. The server first
// sends a hello object ({ applicationType: "gecko", marionetteProtocol: 3 }); commands
// are [0, id, name, params], responses [1, id, error | null, result | null].
//
//   const ff = await Firefox.launch({ prefs: { ... } });
//   try {
//     await ff.navigate('file:///…');
//     const title = await ff.execute('return document.title');
//   } finally {
//     await ff.quit(); // always: ends the session, the process group, removes the profile
//   }
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The W3C key of a web element reference. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Where Firefox is looked for: $FIREFOX, then Debian's firefox-esr, then firefox. */
export function findFirefox() {
  if (process.env.FIREFOX) return existsSync(process.env.FIREFOX) ? process.env.FIREFOX : null;
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p)) || null;
}

/**
 * Preferences for a quiet, offline test profile: no updates, telemetry, first-run or
 * default-browser pages, no background services, DNS disabled and every request that
 * could still leave sent to `proxyPort` on 127.0.0.1 (a trap that records it).
 */
export function quietOfflinePrefs({ proxyPort } = {}) {
  const prefs = {
    'marionette.port': 0, // 0: Firefox picks a free port and writes it to <profile>/MarionetteActivePort
    'remote.prefs.recommended': true, // Marionette's own list of automation prefs
    // First run, default browser, start page.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'browser.startup.homepage_override.mstone': 'ignore',
    'startup.homepage_welcome_url': 'about:blank',
    'startup.homepage_welcome_url.additional': '',
    'browser.aboutwelcome.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.tabs.warnOnClose': false,
    'toolkit.startup.max_resumed_crashes': -1,
    'trailhead.firstrun.didSeeAboutWelcome': true,
    // Updates, add-ons, telemetry, studies.
    'app.update.disabledForTesting': true,
    'app.update.auto': false,
    'app.update.checkInstallTime': false,
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.policy.firstRunURL': '',
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'browser.ping-centre.telemetry': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.telemetry': false,
    // Background services that go online.
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.passwords.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.search.update': false,
    'browser.search.geoip.url': '',
    'browser.topsites.contile.enabled': false,
    'browser.urlbar.suggest.searches': false,
    // Remote Settings (Nimbus experiments, blocklists…): honoured in a release build only
    // with MOZ_DISABLE_NONLOCAL_CONNECTIONS=1, which launch() sets; this URL makes it skip syncing.
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'messaging-system.rsexperimentloader.enabled': false,
    'nimbus.rollouts.enabled': false,
    'media.gmp-manager.url': '',
    'media.gmp-gmpopenh264.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.prefetch-next': false,
    'network.dns.disablePrefetch': true,
    'network.http.speculative-parallel-limit': 0,
    'network.predictor.enabled': false,
    'dom.push.connection.enabled': false,
    'geo.provider.network.url': '',
    // The network itself: no name resolution at all.
    'network.dns.disabled': true,
    'network.trr.mode': 5,
    // The page's console messages also go to Firefox's stdout ("console.error: …").
    'devtools.console.stdout.content': true,
    // A fixed language and colour scheme, like the Chromium tests' defaults.
    'intl.accept_languages': 'en-US, en',
    'layout.css.prefers-color-scheme.content-override': 1,
  };
  if (proxyPort) {
    Object.assign(prefs, {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.share_proxy_settings': false,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.socks_remote_dns': true,
    });
  }
  return prefs;
}

function userJs(prefs) {
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n') + '\n';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An error answered by Marionette ({ error, message, stacktrace }). */
export class MarionetteError extends Error {
  constructor(command, err) {
    super(`${command}: ${err.error}: ${err.message}`);
    this.name = 'MarionetteError';
    this.code = err.error;
    this.remoteStack = err.stacktrace;
  }
}

/** One TCP connection speaking the framed protocol. */
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.inbox = [];
    this.closed = null;
    socket.on('data', (chunk) => this.onData(chunk));
    const fail = (err) => {
      this.closed = err || new Error('Marionette connection closed');
      for (const { reject } of this.pending.values()) reject(this.closed);
      this.pending.clear();
      for (const w of this.waiters.splice(0)) w.reject(this.closed);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(null));
  }

  static open(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a); // ':'
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length)) {
        this.socket.destroy(new Error(`bad Marionette frame header: ${this.buffer.subarray(0, colon)}`));
        return;
      }
      if (this.buffer.length < colon + 1 + length) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.onMessage(JSON.parse(body));
    }
  }

  onMessage(msg) {
    if (Array.isArray(msg) && msg[0] === 1) {
      const [, id, error, result] = msg;
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (error) p.reject(new MarionetteError(p.command, error));
      else p.resolve(result);
      return;
    }
    // Not a response: the hello object (or a command from the server, which we do not expect).
    const w = this.waiters.shift();
    if (w) w.resolve(msg);
    else this.inbox.push(msg);
  }

  /** The next message that is not a response (the hello). */
  nextMessage() {
    if (this.inbox.length) return Promise.resolve(this.inbox.shift());
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  send(command, params = {}) {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, command });
      this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    });
  }

  close() {
    this.socket.destroy();
  }
}

/** Firefox with a fresh profile, driven over Marionette. */
export class Firefox {
  /**
   * Starts `binary --headless --marionette --no-remote --profile <temp dir>` (the
   * profile's user.js holds `prefs`), connects (with retries) and opens a WebDriver
   * session. On any failure the process is killed and the profile removed. `offline`
   * sets MOZ_DISABLE_NONLOCAL_CONNECTIONS=1, the switch of Mozilla's own test harnesses:
   * the network layer then refuses every connection to a non-local address.
   */
  static async launch({ binary = findFirefox(), prefs = quietOfflinePrefs(), width = 1280, height = 800, startupTimeout = 60_000, headless = true, offline = true } = {}) {
    if (!binary) throw new Error('Firefox not found (set $FIREFOX or install firefox-esr)');
    const profile = mkdtempSync(join(tmpdir(), 'planlens-firefox-'));
    writeFileSync(join(profile, 'user.js'), userJs(prefs));
    const args = ['--marionette', '--no-remote', '--profile', profile, '--width', String(width), '--height', String(height), 'about:blank'];
    if (headless) args.unshift('--headless');
    const child = spawn(binary, args, {
      detached: true, // its own process group: quit() ends the content processes too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MOZ_HEADLESS: headless ? '1' : '',
        MOZ_CRASHREPORTER_DISABLE: '1',
        MOZ_DISABLE_AUTO_SAFE_MODE: '1',
        MOZ_DISABLE_NONLOCAL_CONNECTIONS: offline ? '1' : '',
      },
    });
    const ff = new Firefox(child, profile);
    try {
      await ff.connect(startupTimeout);
      ff.capabilities = (await ff.send('WebDriver:NewSession', { capabilities: { pageLoadStrategy: 'normal', timeouts: { script: 30_000, pageLoad: 30_000, implicit: 0 } } })).capabilities;
    } catch (e) {
      await ff.quit();
      e.message += `\n--- firefox output ---\n${ff.output.slice(-4000)}`;
      throw e;
    }
    return ff;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.output = '';
    this.exited = null;
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
      child.on('error', (err) => {
        this.exited = { error: err };
        resolve(this.exited);
      });
    });
    const keep = (chunk) => {
      this.output += chunk.toString('utf8');
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // If node exits without quit(), the browser must not outlive it.
    this.onExit = () => this.killGroup('SIGKILL', { evenAfterExit: true });
    process.on('exit', this.onExit);
  }

  async connect(timeout) {
    const portFile = join(this.profile, 'MarionetteActivePort');
    const deadline = Date.now() + timeout;
    let lastError = null;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`Firefox exited during startup (${JSON.stringify(this.exited)})`);
      const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : 0;
      if (port > 0) {
        try {
          const conn = await Connection.open(port);
          const hello = await Promise.race([conn.nextMessage(), sleep(5000).then(() => null)]);
          if (hello && hello.marionetteProtocol) {
            this.conn = conn;
            this.hello = hello;
            return;
          }
          conn.close();
          lastError = new Error(`no Marionette hello on port ${port}`);
        } catch (e) {
          lastError = e;
        }
      }
      await sleep(100);
    }
    throw new Error(`could not connect to Marionette within ${timeout} ms${lastError ? `: ${lastError.message}` : ''}`);
  }

  /** Sends a command and returns its result (throws MarionetteError on an error answer). */
  send(command, params = {}) {
    if (!this.conn) return Promise.reject(new Error('not connected'));
    return this.conn.send(command, params);
  }

  /** Runs `script` (a function body; arguments in `arguments`) in the page and returns its value. */
  async execute(script, args = []) {
    return (await this.send('WebDriver:ExecuteScript', { script, args })).value;
  }

  /** Runs `script`; it must call `arguments[arguments.length - 1](value)` to return. */
  async executeAsync(script, args = []) {
    return (await this.send('WebDriver:ExecuteAsyncScript', { script, args })).value;
  }

  /**
   * Polls `script` (a function body) until it returns a truthy value, and returns it.
   * The message names `what` when the time runs out.
   */
  async waitFor(script, { args = [], timeout = 20_000, interval = 50, what = script } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.execute(script, args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for: ${what}`);
      await sleep(interval);
    }
  }

  navigate(url) {
    return this.send('WebDriver:Navigate', { url });
  }

  async url() {
    return (await this.send('WebDriver:GetCurrentURL')).value;
  }

  /** The element id of the first match of a CSS selector (throws "no such element"). */
  async find(selector) {
    const found = await this.send('WebDriver:FindElement', { using: 'css selector', value: selector });
    return found.value[ELEMENT];
  }

  /** A WebDriver click: scrolls into view, checks it is not covered, sends real mouse events. */
  async click(selector) {
    await this.send('WebDriver:ElementClick', { id: await this.find(selector) });
  }

  /** Types text; for <input type=file> the text is a file path (several joined with "\n"). */
  async sendKeys(selector, text) {
    await this.send('WebDriver:ElementSendKeys', { id: await this.find(selector), text });
  }

  /** A PNG of the viewport (or of the whole document with full: true), as a Buffer. */
  async screenshot({ full = false } = {}) {
    const shot = await this.send('WebDriver:TakeScreenshot', { full, hash: false });
    return Buffer.from(shot.value, 'base64');
  }

  /** Signals Firefox's process group (the parent and its content processes). */
  killGroup(signal, { evenAfterExit = false } = {}) {
    if ((this.exited && !evenAfterExit) || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  /**
   * Ends the session and the browser, however far launch got: Marionette:Quit when a
   * session is open, then SIGTERM/SIGKILL to the process group if it is
   * still there, then removes the profile. Safe to call twice.
   */
  async quit() {
    if (this.conn) {
      // Marionette:Quit needs a session (it ends it too); without one, the signals below do it.
      const polite = this.capabilities
        ? this.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {
            // the connection may close before the answer
          })
        : Promise.resolve();
      await Promise.race([polite, sleep(5000)]);
      this.conn.close();
      this.conn = null;
    }
    if (!this.exited) await Promise.race([this.exit, sleep(5000)]);
    if (!this.exited) {
      this.killGroup('SIGTERM');
      await Promise.race([this.exit, sleep(3000)]);
    }
    if (!this.exited) {
      this.killGroup('SIGKILL');
      await Promise.race([this.exit, sleep(3000)]);
    }
    // Content processes of the group may outlive the parent by a moment.
    this.killGroup('SIGKILL', { evenAfterExit: true });
    process.removeListener('exit', this.onExit);
    for (let i = 0; i < 10 && existsSync(this.profile); i++) {
      try {
        rmSync(this.profile, { recursive: true, force: true });
      } catch {
        await sleep(200);
      }
    }
  }
}
