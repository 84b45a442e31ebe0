//! Bench-only wasm exports (see Cargo.toml): the floor and the adblock peer, batch (the links joined by U+0000, UTF-8
//! bytes, as the shipped module's `classifyVerdicts` takes them) and one call per link, like its `verdict`.

use wasm_bindgen::prelude::*;

/// The links of a batch: UTF-8 bytes joined by U+0000, as the shipped module's `classifyVerdicts` takes them (and
/// checked the same way).
fn links(joined: &[u8]) -> Result<std::str::Split<'_, char>, JsValue> {
    Ok(std::str::from_utf8(joined).map_err(|e| JsValue::from_str(&e.to_string()))?.split('\0'))
}

/// `url::Url::parse` on each link of a batch; returns how many parsed.
#[wasm_bindgen(js_name = urlParseBatch)]
pub fn url_parse_batch(hrefs: &[u8]) -> Result<u32, JsValue> {
    Ok(links(hrefs)?.filter(|l| url::Url::parse(l).is_ok()).count() as u32)
}

/// `url::Url::parse` on one link.
#[wasm_bindgen(js_name = urlParse)]
pub fn url_parse(href: &str) -> bool {
    url::Url::parse(href).is_ok()
}

/// Brave's adblock engine with a filter list.
#[wasm_bindgen]
pub struct Adblock {
    engine: adblock::Engine,
}

#[wasm_bindgen]
impl Adblock {
    #[wasm_bindgen(constructor)]
    pub fn new(filters: String) -> Adblock {
        Adblock { engine: adblock::Engine::new_with_list_text(filters) }
    }

    /// 1 when the link is stopped, 0 when not, 2 when adblock cannot read it; one byte per link.
    #[wasm_bindgen(js_name = checkBatch)]
    pub fn check_batch(&self, hrefs: &[u8]) -> Result<Vec<u8>, JsValue> {
        Ok(links(hrefs)?.map(|l| self.check(l)).collect())
    }

    pub fn check(&self, href: &str) -> u8 {
        match adblock::request::Request::new(href, href, "document", "GET") {
            Ok(req) => u8::from(self.engine.check_network_request(&req).should_block()),
            Err(_) => 2,
        }
    }
}
