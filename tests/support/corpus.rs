//! A deterministic corpus of realistic chat links (fixed seed, no randomness between runs), for the property test that
//! checks `verdict` against `classify` (tests/props.rs). The benchmarks use the larger one of scripts/corpus.mjs.
//!
//! Mix, by weight: catalogue platforms with their real URL and short-link shapes and tracking parameters (60%),
//! unknown domains (20%), risky shapes: look-alikes, punycode homographs, IP literals, user info, redirect wrappers,
//! shorteners, dangerous schemes (20%).

/// xorshift64*: tiny, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn token(&mut self, len: usize) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        (0..len).map(|_| ALNUM[self.below(ALNUM.len())] as char).collect()
    }
    fn digits(&mut self, len: usize) -> String {
        (0..len).map(|i| char::from(b'0' + (self.below(9) + usize::from(i > 0)) as u8 % 10)).collect()
    }
}

const TRACKING: &[&str] = &[
    "spm=a2e0b.20350158.31919782.1",
    "utm_source=wechat",
    "utm_medium=share",
    "scm=1007.12144",
    "ali_trackid=2:mm_1234:1690000000_123",
    "share_token=abc",
    "from=singlemessage",
    "is_from_webapp=1",
];

/// `n` links, the same on every run.
pub fn links(n: usize) -> Vec<String> {
    let mut r = Rng(0x5EED_1157_AB1E_2021);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let roll = r.below(100);
        let mut url = if roll < 60 {
            match r.below(14) {
                0 => format!("https://item.taobao.com/item.htm?id={}", r.digits(12)),
                1 => format!("https://m.tb.cn/h.{}?tk={}", r.token(7), r.token(11)),
                2 => format!("https://detail.tmall.com/item.htm?id={}&skuId={}", r.digits(12), r.digits(13)),
                3 => format!("https://item.jd.com/{}.html", r.digits(12)),
                4 => format!("https://u.jd.com/{}", r.token(7)),
                5 => format!("https://mobile.yangkeduo.com/goods.html?goods_id={}", r.digits(11)),
                6 => format!("https://v.douyin.com/{}/", r.token(8)),
                7 => format!("https://www.douyin.com/video/{}", r.digits(19)),
                8 => format!("https://v.kuaishou.com/{}", r.token(6)),
                9 => format!("https://www.xiaohongshu.com/explore/{}", r.token(24).to_lowercase()),
                10 => format!("http://xhslink.com/a/{}", r.token(12)),
                11 => format!("https://b23.tv/{}", r.token(7)),
                12 => format!("https://www.bilibili.com/video/BV{}", r.token(10)),
                _ => format!("https://mp.weixin.qq.com/s/{}", r.token(22)),
            }
        } else if roll < 80 {
            let host = r.pick(&[
                "github.com",
                "www.rust-lang.org",
                "docs.rs",
                "news.ycombinator.com",
                "www.zhihu.org",
                "example.org",
                "blog.example.co.uk",
                "shop.example.com.cn",
                "static.example.net",
                "cdn.example.io",
            ]);
            format!("https://{host}/{}/{}", r.token(6), r.token(10))
        } else {
            match r.below(10) {
                0 => format!("https://taobao-login.com/{}", r.token(8)),
                1 => format!("https://xn--tobao-4ve.com/item.htm?id={}", r.digits(10)),
                2 => format!("http://{}/", r.below(u32::MAX as usize)),
                3 => format!("https://taobao.com@evil-{}.example/", r.token(4).to_lowercase()),
                4 => format!("https://slack-redir.net/link?url=https%3A%2F%2Fitem.jd.com%2F{}.html", r.digits(10)),
                5 => format!("https://bit.ly/{}", r.token(7)),
                6 => "javascript:alert(document.cookie)".to_owned(),
                7 => format!("https://taobao.com.{}.cn/login", r.token(5).to_lowercase()),
                8 => format!("https://xn--80ak6aa92e.com/{}", r.token(5)),
                _ => format!("http://192.168.{}.{}:8080/admin", r.below(255), r.below(255)),
            }
        };
        // Half the links carry tracking parameters.
        if r.below(2) == 0 && !url.starts_with("javascript:") {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(r.pick(TRACKING));
        }
        out.push(url);
    }
    out
}

/// Chat messages with share texts, for the scan benchmark.
pub fn messages(n: usize) -> Vec<String> {
    let mut r = Rng(0xC4A7_7E57);
    (0..n)
        .map(|_| match r.below(4) {
            0 => format!(
                "【淘宝】https://m.tb.cn/h.{}?tk={} CZ0001 「好物」点击链接直接打开 或者 淘宝搜索直接打开",
                r.token(7),
                r.token(11)
            ),
            1 => format!(
                "{}.{} {}:/ 复制打开抖音，看看【作品】 https://v.douyin.com/{}/ 02/18 v@S.yt",
                r.below(9),
                r.below(99),
                r.token(3),
                r.token(8)
            ),
            2 => format!("復制这段描述￥{}￥后咑閞👉手机淘宝👈，价格￥39.9", r.token(11)),
            _ => format!(
                "看这个https://item.jd.com/{}.html，很便宜 还有 www.example.org 和 #小程序://拼多多/{}",
                r.digits(12),
                r.token(8)
            ),
        })
        .collect()
}
