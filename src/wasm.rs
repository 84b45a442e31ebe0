//! JavaScript bindings (feature `wasm`): the only module that knows about wasm-bindgen.
//!
//! ```js
//! import init, { WasmEngine, validateRules } from './linkgate.js';
//! await init();
//! const engine = new WasmEngine(settingsJson, customRulesJson, managedRulesJson); // each may be null
//! const decision = engine.classify('https://item.taobao.com/item.htm?id=1', null, 'group');
//! const decisions = engine.classifyBatch([{ href, text, context }, ...]);
//! const findings = engine.scanText('￥AbCd1234￥ ...', 'direct'); // start/end in UTF-16 code units
//! ```
//!
//! Every function returns plain JSON-compatible objects (`null` for absent values). Configuration errors are thrown
//! as `{ sourceName, line, column, path, message, display }`. JS strings with unpaired surrogates arrive as U+FFFD.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::{ChatContext, ConfigError, Engine, LinkInput};

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsConfigError<'a> {
    source_name: &'a str,
    line: usize,
    column: usize,
    path: &'a str,
    message: &'a str,
    display: String,
}

fn error_js(e: &ConfigError) -> JsValue {
    to_js(&JsConfigError {
        source_name: &e.source_name,
        line: e.line,
        column: e.column,
        path: &e.path,
        message: &e.message,
        display: e.to_string(),
    })
    .unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

fn context(name: &str) -> Result<ChatContext, JsValue> {
    ChatContext::parse(name)
        .ok_or_else(|| JsValue::from_str(&format!("invalid context '{name}': use direct, group, feed or unknown")))
}

/// Word 0 of a packed verdict: bits 0-1 the action, 2-11 the platform index + 1, 12-30 the notice index + 1, bit 31
/// whether the link is a short link ("Where does it go?" can resolve it).
fn head_word(v: &crate::Verdict) -> u32 {
    let action = match v.action {
        crate::Action::Open => 0,
        crate::Action::Warn => 1,
        crate::Action::Block => 2,
    };
    // Platform indices fit in 10 bits (the catalogue has a few dozen) and notice indices in 19; larger ones are
    // dropped to "none" rather than corrupting the neighbouring fields.
    let platform = v.platform.map_or(0, |p| u32::from(p) + 1).min(0x3ff);
    let notice = v.notice.map_or(0, |n| u32::from(n) + 1).min(0x7ffff);
    action | platform << 2 | notice << 12 | u32::from(v.short_link) << 31
}

/// The context of a [`WasmEngine::classify_verdicts`] link, from its letter.
fn context_letter(letter: u8) -> Result<ChatContext, JsValue> {
    match letter {
        b'd' => Ok(ChatContext::Direct),
        b'g' => Ok(ChatContext::Group),
        b'f' => Ok(ChatContext::Feed),
        b'u' => Ok(ChatContext::Unknown),
        _ => Err(JsValue::from_str(&format!(
            "invalid context letter '{}': use d (direct), g (group), f (feed) or u (unknown)",
            char::from(letter).escape_default()
        ))),
    }
}

/// The engine, built from user settings and custom rules (JSON text, both optional).
#[wasm_bindgen]
pub struct WasmEngine {
    engine: Engine,
}

#[wasm_bindgen]
impl WasmEngine {
    /// Builds an engine; throws a configuration error object when the settings or rules are invalid.
    ///
    /// `managed_rules_json` is an administrator's rule set (`storage.managed`): it comes before the user's
    /// `rules_json`, and both come before the preset.
    #[wasm_bindgen(constructor)]
    pub fn new(
        settings_json: Option<String>,
        rules_json: Option<String>,
        managed_rules_json: Option<String>,
    ) -> Result<WasmEngine, JsValue> {
        let mut builder = Engine::builder();
        if let Some(s) = settings_json {
            builder = builder.settings_json("settings", s);
        }
        if let Some(r) = managed_rules_json {
            builder = builder.rules_json("managed rules", r);
        }
        if let Some(r) = rules_json {
            builder = builder.rules_json("custom rules", r);
        }
        builder.build().map(|engine| WasmEngine { engine }).map_err(|e| error_js(&e))
    }

    /// What the rules and settings do with a plain link to each platform in each context:
    /// `[{ id, direct: { action, ruleId, folds, foldChoice }, group: {...}, feed: {...} }]`, in catalogue order
    /// (`folds`: the kinds of the fold rules that look at such a link there; `foldChoice`: the person's, or null).
    #[wasm_bindgen(js_name = platformMatrix)]
    pub fn platform_matrix(&self) -> Result<JsValue, JsValue> {
        to_js(&self.engine.platform_matrix())
    }

    /// Checks a domain to trust: `{ domain }` (lower-case ASCII) when it is a registrable domain, else `{ error }`
    /// with a message for people.
    #[wasm_bindgen(js_name = checkTrustedDomain)]
    pub fn check_trusted_domain(&self, raw: &str) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        struct Checked {
            domain: Option<String>,
            error: Option<String>,
        }
        let checked = match self.engine.check_trusted_domain(raw) {
            Ok(domain) => Checked { domain: Some(domain), error: None },
            Err(error) => Checked { domain: None, error: Some(error.to_string()) },
        };
        to_js(&checked)
    }

    /// The active preset id.
    #[wasm_bindgen(getter)]
    pub fn preset(&self) -> String {
        self.engine.preset().to_owned()
    }

    /// The decision for one link (`context`: direct, group, feed or unknown).
    pub fn classify(&self, href: &str, text: Option<String>, context_name: &str) -> Result<JsValue, JsValue> {
        let mut input = LinkInput::new(href, context(context_name)?);
        if let Some(t) = text.as_deref() {
            input = input.with_text(t);
        }
        to_js(&self.engine.classify(&input))
    }

    /// Decisions for an array of `{ href, text?, context? }` in one call (missing context: `unknown`).
    #[wasm_bindgen(js_name = classifyBatch)]
    pub fn classify_batch(&self, links: JsValue) -> Result<JsValue, JsValue> {
        // JS objects arrive as owned strings.
        #[derive(Deserialize)]
        struct Owned {
            href: String,
            #[serde(default)]
            text: Option<String>,
            #[serde(default)]
            context: Option<String>,
        }
        let links: Vec<Owned> =
            serde_wasm_bindgen::from_value(links).map_err(|e| JsValue::from_str(&format!("bad batch: {e}")))?;
        let mut out = Vec::with_capacity(links.len());
        for link in &links {
            let mut input =
                LinkInput::new(&link.href, link.context.as_deref().map_or(Ok(ChatContext::Unknown), context)?);
            if let Some(t) = link.text.as_deref() {
                input = input.with_text(t);
            }
            out.push(self.engine.classify(&input));
        }
        to_js(&out)
    }

    /// The hot path: [`Engine::verdict`] for a batch of links, packed two `u32` words per link into one
    /// `Uint32Array`. A batch crosses the JS boundary as two byte arrays and a string in and one typed array out,
    /// with no object or string per link and nothing to parse: `hrefs` is the links joined by U+0000 and encoded as
    /// UTF-8 (`TextEncoder`), `texts` their anchor texts joined and encoded the same way (an empty text is no text),
    /// and `contexts` one letter per link: `d` direct, `g` group, `f` feed, `u` unknown. A URL never holds U+0000
    /// (the URL parser percent-encodes it); the extension replaces it in texts. (Bytes, not strings: wasm-bindgen
    /// copies an ASCII string into wasm one character at a time in JS, a fifth of the batch's time; `TextEncoder`
    /// and a copy take a fraction of that.)
    ///
    /// Word 0: bits 0-1 the action (0 open, 1 warn, 2 block), bits 2-11 the platform index + 1 (0: none; index
    /// into `platforms()`), bits 12-31 the notice index + 1 (0: none; index into `notices`). Word 1: the reason
    /// codes, bit `i` for `reasonCodes()[i]`. Throws when the three do not hold the same number of links, on bytes
    /// that are not UTF-8, or on an unknown context letter.
    #[wasm_bindgen(js_name = classifyVerdicts)]
    pub fn classify_verdicts(&self, hrefs: &[u8], texts: &[u8], contexts: &str) -> Result<Vec<u32>, JsValue> {
        let utf8 = |bytes, what| {
            std::str::from_utf8(bytes)
                .map_err(|e| JsValue::from_str(&format!("bad batch: the {what} are not UTF-8 ({e})")))
        };
        let (hrefs, texts) = (utf8(hrefs, "hrefs")?, utf8(texts, "texts")?);
        let n = contexts.len();
        if n == 0 {
            return if hrefs.is_empty() && texts.is_empty() {
                Ok(Vec::new())
            } else {
                Err(JsValue::from_str("bad batch: hrefs or texts without contexts"))
            };
        }
        // One pass over each string. Texts are usually all empty (n - 1 separators): then they are not split at all.
        let no_texts = texts.len() + 1 == n && texts.bytes().all(|b| b == 0);
        let (mut hrefs, mut texts) = (hrefs.split('\0'), texts.split('\0'));
        let mismatch = || {
            JsValue::from_str(&format!(
                "bad batch: {n} contexts, and not as many hrefs and texts (separated by U+0000)"
            ))
        };
        let mut out = Vec::with_capacity(n * 2);
        for &letter in contexts.as_bytes() {
            let text = if no_texts { Some("") } else { texts.next() };
            let (Some(href), Some(text)) = (hrefs.next(), text) else {
                return Err(mismatch());
            };
            let mut input = LinkInput::new(href, context_letter(letter)?);
            if !text.is_empty() {
                input = input.with_text(text);
            }
            let v = self.engine.verdict(&input);
            out.push(head_word(&v));
            out.push(v.reasons.bits());
        }
        if hrefs.next().is_some() || (!no_texts && texts.next().is_some()) {
            return Err(mismatch());
        }
        Ok(out)
    }

    /// One link's verdict: the two words `classifyVerdicts` gives each link (action, platform and notice; the
    /// reason bits), for callers that have a single link.
    pub fn verdict(&self, href: &str, text: Option<String>, context_name: &str) -> Result<Vec<u32>, JsValue> {
        let mut input = LinkInput::new(href, context(context_name)?);
        if let Some(t) = text.as_deref() {
            input = input.with_text(t);
        }
        let v = self.engine.verdict(&input);
        Ok(vec![head_word(&v), v.reasons.bits()])
    }

    /// The notice keys that `classifyVerdicts` indexes.
    #[wasm_bindgen(getter)]
    pub fn notices(&self) -> Vec<String> {
        self.engine.notices().iter().map(|n| n.to_string()).collect()
    }

    /// URLs, share codes and mini-program paths in chat text; `start`/`end` are UTF-16 code unit offsets, as JS
    /// string indices.
    #[wasm_bindgen(js_name = scanText)]
    pub fn scan_text(&self, text: &str, context_name: &str) -> Result<JsValue, JsValue> {
        let mut findings = self.engine.scan_text(text, context(context_name)?);
        // Convert byte offsets to UTF-16 offsets in one pass over the text.
        let (mut byte, mut unit) = (0usize, 0usize);
        let mut chars = text.char_indices();
        let mut to_utf16 = |target: usize| {
            while byte < target {
                match chars.next() {
                    Some((_, c)) => {
                        byte += c.len_utf8();
                        unit += c.len_utf16();
                    }
                    None => break,
                }
            }
            unit
        };
        for f in &mut findings {
            f.start = to_utf16(f.start);
            f.end = to_utf16(f.end);
        }
        to_js(&findings)
    }
}

/// One conversation's folding memory ([`crate::FoldState`]), kept by the worker for each open conversation and
/// handed to [`WasmEngine::fold_message`] with each of its messages, in order.
///
/// ```js
/// const chat = new FoldChat(null);                 // or a saved chat.toJSON()
/// const folds = engine.foldMessage(chat, { context: 'group', sender: 'Alice', time: 1764680000, text, folding: 'auto',
///                                          links: [{ href, text: anchorText }] });
/// // -> [null | { kind, ruleId, platform, category }], one a link
/// ```
#[wasm_bindgen]
pub struct FoldChat {
    state: crate::FoldState,
}

#[wasm_bindgen]
impl FoldChat {
    /// An empty conversation, or one saved by `toJSON`; throws on a saved text that is not a fold state.
    #[wasm_bindgen(constructor)]
    pub fn new(saved: Option<String>) -> Result<FoldChat, JsValue> {
        let state = match saved.as_deref() {
            None => crate::FoldState::new(),
            Some(json) => serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("bad fold state: {e}")))?,
        };
        Ok(FoldChat { state })
    }

    /// The state as JSON text, for `new FoldChat(saved)` after a restart.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.state).unwrap_or_else(|_| "{}".to_owned())
    }

    /// How many items it remembers.
    #[wasm_bindgen(getter)]
    pub fn items(&self) -> usize {
        self.state.items()
    }
}

/// A message handed to [`WasmEngine::fold_message`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsMessage {
    context: String,
    #[serde(default)]
    sender: Option<String>,
    /// Seconds since the epoch.
    #[serde(default)]
    time: Option<f64>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    folding: Option<String>,
    links: Vec<JsLink>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsLink {
    href: String,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsFold<'a> {
    kind: crate::rules::FoldKind,
    rule_id: std::sync::Arc<str>,
    platform: Option<&'a str>,
    category: Option<crate::Category>,
}

#[wasm_bindgen]
impl WasmEngine {
    /// Which of one message's links fold into its folded line: each link is decided in the message's context and
    /// folded with `chat` ([`Engine::fold`]), which records it. Returns one entry a link: `null` (it shows) or
    /// `{kind, ruleId, platform, category}` (`platform` the id or null, `category` the platform's). Throws on a
    /// message that is not of that shape, an unknown context or folding (`auto`, `never`, `all`), or a time that
    /// is not a number of seconds from 0.
    #[wasm_bindgen(js_name = foldMessage)]
    pub fn fold_message(&self, chat: &mut FoldChat, message: JsValue) -> Result<JsValue, JsValue> {
        let m: JsMessage =
            serde_wasm_bindgen::from_value(message).map_err(|e| JsValue::from_str(&format!("bad message: {e}")))?;
        let context = context(&m.context)?;
        let folding = match m.folding.as_deref() {
            None => crate::ChatFolding::Auto,
            Some(name) => crate::ChatFolding::parse(name)
                .ok_or_else(|| JsValue::from_str(&format!("invalid folding '{name}': use auto, never or all")))?,
        };
        let time = match m.time {
            None => None,
            Some(t) if (0.0..1e15).contains(&t) => Some(t as u64),
            Some(t) => return Err(JsValue::from_str(&format!("invalid time {t}: seconds since the epoch"))),
        };
        let meta = crate::Message { context, sender: m.sender.as_deref(), time, text: m.text.as_deref(), folding };
        // The verdict path (Engine::fold_link): no Decision with its display strings is built for a fold.
        let out: Vec<Option<JsFold<'_>>> = m
            .links
            .iter()
            .map(|link| {
                let mut input = LinkInput::new(&link.href, context);
                if let Some(t) = link.text.as_deref().filter(|t| !t.is_empty()) {
                    input = input.with_text(t);
                }
                let folded = self.engine.fold_link(&input, &meta, &mut chat.state);
                folded.fold.map(|f| JsFold {
                    kind: f.kind,
                    rule_id: f.rule_id,
                    platform: folded.verdict.platform.and_then(|p| self.engine.platform_at(p)).map(|p| &*p.id),
                    category: folded.category,
                })
            })
            .collect();
        to_js(&out)
    }
}

/// A resolution error as JavaScript sees it: `{ code, message, url?, status? }`.
fn resolve_error_js(e: &crate::resolve::ResolveError) -> JsValue {
    use crate::resolve::ResolveError as E;
    #[derive(Serialize)]
    struct JsResolveError<'a> {
        code: &'a str,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    }
    let (url, status) = match e {
        E::BadUrl { url } | E::NotHttp { url } | E::PrivateAddress { url } | E::Loop { url } => {
            (Some(url.as_str()), None)
        }
        E::NoTarget { status } | E::HttpStatus { status } => (None, Some(*status)),
        _ => (None, None),
    };
    to_js(&JsResolveError { code: e.code(), message: e.to_string(), url, status })
        .unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

/// A step as JavaScript sees it: `{ fetch: url }` or `{ arrived: url }`.
fn step_js(step: &crate::resolve::Step) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct JsStep<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        fetch: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        arrived: Option<&'a str>,
    }
    let out = match step {
        crate::resolve::Step::Fetch(u) => JsStep { fetch: Some(u), arrived: None },
        crate::resolve::Step::Arrived(u) => JsStep { fetch: None, arrived: Some(u) },
    };
    to_js(&out)
}

#[wasm_bindgen]
impl WasmEngine {
    /// Whether `href` is an http(s) link on a short-link host, which `resolveStart` can follow.
    #[wasm_bindgen(js_name = isShortLink)]
    pub fn is_short_link(&self, href: &str) -> bool {
        self.engine.is_short_link(href)
    }

    /// The limits of one resolution: `{ hops, seconds, bodyBytes }`.
    #[wasm_bindgen(js_name = shortLinkLimits)]
    pub fn short_link_limits(&self) -> Result<JsValue, JsValue> {
        to_js(&self.engine.short_link_limits())
    }

    /// Starts resolving a short link (docs/short-links.md); throws `{ code, message }` when it is not one.
    #[wasm_bindgen(js_name = resolveStart)]
    pub fn resolve_start(&self, href: &str) -> Result<WasmResolver, JsValue> {
        let (inner, step) = crate::resolve::Resolver::start(&self.engine, href).map_err(|e| resolve_error_js(&e))?;
        Ok(WasmResolver { inner, step })
    }

    /// Reads the answer to the resolver's pending fetch: the next step (`{ fetch }` or `{ arrived }`), or throws
    /// `{ code, message }` when the resolution stops (the resolver's `hops` still has the chain).
    #[wasm_bindgen(js_name = resolveAnswer)]
    pub fn resolve_answer(
        &self,
        resolver: &mut WasmResolver,
        status: u16,
        location: Option<String>,
        body: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let answer = crate::resolve::Answer { status, location: location.as_deref(), body: body.as_deref() };
        let step = resolver.inner.answer(&self.engine, &answer).map_err(|e| resolve_error_js(&e))?;
        let js = step_js(&step)?;
        resolver.step = step;
        Ok(js)
    }

    /// Records a failure of the caller's own (`timeout`, `network`, `not_allowed`) in the error shape: `{ code,
    /// message }`, for `code` one of those and `detail` the network's message or the host.
    #[wasm_bindgen(js_name = resolveFailure)]
    pub fn resolve_failure(&self, code: &str, detail: &str) -> JsValue {
        let seconds = self.engine.short_link_limits().seconds;
        let e = match code {
            "timeout" => crate::resolve::ResolveError::Timeout { seconds },
            "not_allowed" => crate::resolve::ResolveError::NotAllowed { host: detail.to_owned() },
            _ => crate::resolve::ResolveError::Network { message: detail.to_owned() },
        };
        resolve_error_js(&e)
    }
}

/// One short-link resolution in progress (`WasmEngine.resolveStart`).
#[wasm_bindgen]
pub struct WasmResolver {
    inner: crate::resolve::Resolver,
    step: crate::resolve::Step,
}

#[wasm_bindgen]
impl WasmResolver {
    /// The step to take: `{ fetch: url }` or `{ arrived: url }`.
    pub fn step(&self) -> Result<JsValue, JsValue> {
        step_js(&self.step)
    }

    /// The chain so far: `[{ url, via, status }]` (`via`: `link`, `redirect`, `meta_refresh`, `script`).
    pub fn hops(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.hops())
    }
}

/// The codes a short-link resolution can stop with (`ResolveError::CODES`), for the pages' translations.
#[wasm_bindgen(js_name = resolveErrorCodes)]
pub fn resolve_error_codes() -> Vec<String> {
    crate::resolve::ResolveError::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// Checks a custom rules file: `null` when valid, else the error object (with line, column and JSON path).
#[wasm_bindgen(js_name = validateRules)]
pub fn validate_rules(json: &str) -> JsValue {
    match Engine::builder().rules_json("custom rules", json).build() {
        Ok(_) => JsValue::NULL,
        Err(e) => error_js(&e),
    }
}

/// Checks a settings object given as JSON text: `null` when valid, else the error object.
#[wasm_bindgen(js_name = validateSettings)]
pub fn validate_settings(json: &str) -> JsValue {
    match Engine::builder().settings_json("settings", json).build() {
        Ok(_) => JsValue::NULL,
        Err(e) => error_js(&e),
    }
}

#[derive(Serialize)]
struct JsPlatform<'a> {
    id: &'a str,
    name: &'a crate::LocalizedName,
    category: crate::Category,
}

/// The catalogue: `[{ id, name: { en, zh_CN }, category }]`.
#[wasm_bindgen]
pub fn platforms() -> Result<JsValue, JsValue> {
    let engine = Engine::new().map_err(|e| error_js(&e))?;
    let list: Vec<JsPlatform<'_>> = engine
        .platforms()
        .map(|(platform, category)| JsPlatform { id: &platform.id, name: &platform.name, category })
        .collect();
    to_js(&list)
}

/// The user-selectable presets, as their rule set files.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsValue> {
    let engine = Engine::new().map_err(|e| error_js(&e))?;
    let list: Vec<&crate::RuleSetFile> = engine.presets().collect();
    to_js(&list)
}

/// The actions (`open`, `warn`, `block`), from the most to the least permissive ([`crate::Action::ALL`]).
#[wasm_bindgen]
pub fn actions() -> Vec<String> {
    crate::Action::ALL.iter().map(|a| a.as_str().to_owned()).collect()
}

/// The chat contexts a rule, a preset column or an opt-in names (`direct`, `group`, `feed`;
/// [`crate::ChatContext::DECIDED`]). A link's context may also be `unknown`, decided as `group`.
#[wasm_bindgen]
pub fn contexts() -> Vec<String> {
    crate::ChatContext::DECIDED.iter().map(|c| c.as_str().to_owned()).collect()
}

/// The fold kinds (`always`, `repeat`, `bargain`, `flood`): a fold's `kind`.
#[wasm_bindgen(js_name = foldKinds)]
pub fn fold_kinds() -> Vec<String> {
    crate::rules::FoldKind::ALL.iter().map(|k| k.as_str().to_owned()).collect()
}

/// A person's folding choices for a platform in a context (`fold`, `show`): `folds` in the settings.
#[wasm_bindgen(js_name = foldChoices)]
pub fn fold_choices() -> Vec<String> {
    crate::rules::FoldChoice::ALL.iter().map(|k| k.as_str().to_owned()).collect()
}

/// A conversation's folding choices (`auto`, `never`, `all`): `foldMessage`'s `folding`.
#[wasm_bindgen(js_name = chatFoldings)]
pub fn chat_foldings() -> Vec<String> {
    crate::ChatFolding::ALL.iter().map(|k| k.as_str().to_owned()).collect()
}

/// The reason codes in bit order: bit `i` of a `classifyVerdicts` reason word is `reasonCodes()[i]`.
#[wasm_bindgen(js_name = reasonCodes)]
pub fn reason_codes() -> Vec<String> {
    per_reason_code(|code| code.as_str())
}

/// One string for each reason code, at the code's bit index (`ReasonCode as u32`).
fn per_reason_code(name: impl Fn(crate::ReasonCode) -> &'static str) -> Vec<String> {
    let mut out = vec![String::new(); crate::ReasonCode::ALL.len()];
    for code in crate::ReasonCode::ALL {
        if let Some(slot) = out.get_mut(code as usize) {
            *slot = name(code).to_owned();
        }
    }
    out
}

/// The class of each reason code, in the order of [`reason_codes`]: `blocking`, `risk`, `fact` or `informational`
/// ([`crate::ReasonCode::class`]).
#[wasm_bindgen(js_name = reasonClasses)]
pub fn reason_classes() -> Vec<String> {
    per_reason_code(|code| code.class().as_str())
}

/// The reason codes that are risks ([`crate::ReasonCode::is_risk`]: they put a floor under the action that no opt-in
/// or trusted domain lowers), as a mask over the bits of a `classifyVerdicts` reason word.
#[wasm_bindgen(js_name = riskReasonMask)]
pub fn risk_reason_mask() -> u32 {
    crate::ReasonSet::risks().bits()
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
