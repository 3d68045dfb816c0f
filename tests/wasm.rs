//! The wasm binding in a real browser (headless Chromium): `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use planlens::wasm::Session;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    js_sys::Error::from(v).message().into()
}

#[wasm_bindgen_test]
fn default_plan_checks_ok() {
    let mut s = Session::new();
    s.add(&Session::default_plan_name(), &Session::default_plan())
        .unwrap();
    let report = s.check(JsValue::UNDEFINED).unwrap();
    assert!(
        report.starts_with(r#"{"summary":{"ok":7,"fail":0,"uncertain":0,"incomplete":0}"#),
        "{report}"
    );
}

#[wasm_bindgen_test]
fn errors_are_js_errors_that_name_the_place_and_keep_state() {
    let mut s = Session::new();
    s.add("a.json", &Session::default_plan()).unwrap();
    let e = s
        .add("broken.json", "{\n \"format\": \"planlens/1\",\n oops\n}")
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.starts_with("broken.json:3:2: "), "{e}");
    assert!(s.check(JsValue::UNDEFINED).unwrap().contains(r#""ok":7"#));
    let e = s
        .add_bytes("gbk.json", &[0xC9, 0xEE, 0xDB, 0xDA])
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.contains("not UTF-8") && e.contains("GBK"), "{e}");
}

#[wasm_bindgen_test]
fn tolerance_option_and_exports() {
    let mut s = Session::new();
    s.add("a.json", &Session::default_plan()).unwrap();
    let opts = js_sys::JSON::parse(r#"{"tolerance": "bad"}"#).unwrap();
    let e = s.check(opts).err().map(message).unwrap_or_default();
    assert!(e.starts_with("tolerance:"), "{e}");
    assert!(s
        .report_csv(JsValue::UNDEFINED)
        .unwrap()
        .starts_with("status,check,indicator"));
    assert!(s.summary().unwrap().contains(r#""cells":["#));
}
