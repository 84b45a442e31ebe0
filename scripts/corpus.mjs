// The benchmark corpus: realistic chat links, the same on every run (fixed seed), for every runtime of `make bench`.
//
//   node scripts/corpus.mjs [--links N] [--messages N] [--out DIR]      (defaults: 100000, 5000, target/bench)
//
// Writes, in DIR:
//   links.txt      one link a line. By weight: catalogue platforms with their real URL and short-link shapes, half
//                  with tracking parameters (55%); unknown domains (20%); risky shapes (25%): look-alikes (typos,
//                  embeddings, combo-squats), punycode and Unicode homographs, IP literals in every IPv4 form, user
//                  info, redirect wrappers, shorteners, non-default ports, app and dangerous schemes.
//   messages.txt   chat messages with share codes (淘口令, Douyin, Xiaohongshu), mini-program paths and links, one a
//                  line (newlines inside a message are written as \n).
//   filters.txt    an adblock filter list equivalent to linkgate's rules for the same links under the WeChat phase 1
//                  preset in a group chat: WeChat's partner platforms open (exceptions), every other catalogue
//                  domain, short-link host and shortener is stopped, and so is any other link (the preset warns on
//                  unknown domains). Adblock engines match domains; linkgate's risk checks have no filter equivalent.
//   corpus.json    the counts and the seed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 0x5eed2021;

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n) => Math.floor(next() * n);
  const pick = (items) => items[below(items.length)];
  const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const token = (len) => Array.from({ length: len }, () => ALNUM[below(ALNUM.length)]).join('');
  const digits = (len) => Array.from({ length: len }, (_, i) => String(i === 0 ? 1 + below(9) : below(10))).join('');
  const word = () => pick(['shop', 'news', 'blog', 'cloud', 'data', 'home', 'travel', 'game', 'music', 'tech', 'food', 'photo', 'learn', 'city', 'green']);
  return { next, below, pick, token, digits, word };
}

const TRACKING = [
  'spm=a2e0b.20350158.31919782.1',
  'utm_source=wechat',
  'utm_medium=share',
  'utm_campaign=1111',
  'scm=1007.12144',
  'ali_trackid=2:mm_1234:1690000000_123',
  'share_token=abc',
  'from=singlemessage',
  'is_from_webapp=1',
  'sender_device=pc',
  'xsec_token=ABCxyz',
  'share_medium=iphone',
];

function catalogueLink(r) {
  switch (r.below(20)) {
    case 0: return `https://item.taobao.com/item.htm?id=${r.digits(12)}`;
    case 1: return `https://m.tb.cn/h.${r.token(7)}?tk=${r.token(11)}`;
    case 2: return `https://detail.tmall.com/item.htm?id=${r.digits(12)}&skuId=${r.digits(13)}`;
    case 3: return `https://item.jd.com/${r.digits(12)}.html`;
    case 4: return `https://u.jd.com/${r.token(7)}`;
    case 5: return `https://3.cn/${r.token(6)}`;
    case 6: return `https://mobile.yangkeduo.com/goods.html?goods_id=${r.digits(11)}`;
    case 7: return `https://v.douyin.com/${r.token(8)}/`;
    case 8: return `https://www.douyin.com/video/${r.digits(19)}`;
    case 9: return `https://v.kuaishou.com/${r.token(6)}`;
    case 10: return `https://www.xiaohongshu.com/explore/${r.token(24).toLowerCase()}`;
    case 11: return `http://xhslink.com/a/${r.token(12)}`;
    case 12: return `https://b23.tv/${r.token(7)}`;
    case 13: return `https://www.bilibili.com/video/BV${r.token(10)}`;
    case 14: return `https://mp.weixin.qq.com/s/${r.token(22)}`;
    case 15: return `https://t.cn/${r.token(7)}`;
    case 16: return `https://h5.m.taobao.com/awp/core/detail.htm?id=${r.digits(12)}`;
    case 17: return `https://www.meituan.com/meishi/${r.digits(9)}/`;
    case 18: return `https://qr.alipay.com/${r.token(16).toLowerCase()}`;
    default: return `https://www.tiktok.com/@${r.word()}${r.digits(3)}/video/${r.digits(19)}`;
  }
}

function unknownLink(r) {
  const tld = r.pick(['com', 'org', 'net', 'io', 'cn', 'com.cn', 'co.uk', 'de', 'jp', 'dev', 'app', 'xyz']);
  const host = r.below(3) === 0 ? `${r.word()}.${r.word()}${r.digits(2)}.${tld}` : `www.${r.word()}${r.word()}.${tld}`;
  return `https://${host}/${r.token(6)}/${r.token(10)}${r.below(2) ? `?q=${r.token(5)}` : ''}`;
}

function riskyLink(r) {
  switch (r.below(18)) {
    case 0: return `https://taobao-login.com/${r.token(6)}`;
    case 1: return `https://taob${r.pick(['4', 'a0', 'aoo'])}o.com/item?id=${r.digits(8)}`;
    case 2: return `https://item.taobao.com.${r.word()}-${r.digits(3)}.cn/${r.token(8)}`;
    case 3: return 'https://xn--tobao-4ve.com/';
    case 4: return `https://${r.pick(['jd-secure', 'my-jd', 'jdcom-pay', 'pinduoduo-gift'])}.${r.pick(['cn', 'top', 'com'])}/${r.token(5)}`;
    case 5: return `https://tаobao.com/${r.token(4)}`;
    case 6: return `http://${r.below(256)}.${r.below(256)}.${r.below(256)}.${r.below(256)}/${r.token(5)}`;
    case 7: return `http://${3232235520 + r.below(65536)}/admin`;
    case 8: return `http://0x${(0xc0a80000 + r.below(65536)).toString(16)}/`;
    case 9: return `http://0300.0250.${r.below(256)}.${r.below(256)}/`;
    case 10: return `https://taobao.com@${r.word()}.example/${r.token(6)}`;
    case 11: return `https://slack-redir.net/link?url=${encodeURIComponent(catalogueLink(r))}`;
    case 12: return `https://l.facebook.com/l.php?u=${encodeURIComponent(unknownLink(r))}&h=AT${r.token(8)}`;
    case 13: return `https://${r.pick(['bit.ly', 'tinyurl.com', 'goo.gl', 'is.gd', 'dwz.cn'])}/${r.token(7)}`;
    case 14: return `https://${r.word()}.example.com:${8000 + r.below(1000)}/${r.token(5)}`;
    case 15: return `${r.pick(['taobao', 'snssdk1128', 'openapp.jdmobile', 'weixin'])}://${r.token(8)}`;
    case 16: return r.pick(['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'file:///etc/passwd', 'vbscript:msgbox']);
    default: return `https://www.xn--${r.token(6).toLowerCase()}-${r.token(3).toLowerCase()}.com/`;
  }
}

function link(r) {
  const roll = r.below(100);
  let url = roll < 55 ? catalogueLink(r) : roll < 75 ? unknownLink(r) : riskyLink(r);
  if (roll < 55 && r.below(2) === 0) {
    const tracking = Array.from({ length: 1 + r.below(3) }, () => r.pick(TRACKING)).join('&');
    url += (url.includes('?') ? '&' : '?') + tracking;
  }
  return url;
}

function message(r) {
  switch (r.below(8)) {
    case 0: return `【淘宝】https://e.tb.cn/h.${r.token(12)}?tk=${r.token(11)} CZ${r.digits(3)} 「${r.word()}好物推荐」\n点击链接直接打开 或者 淘宝搜索直接打开`;
    case 1: return `復制这段描述￥${r.token(11)}￥后咑閞👉手机淘宝👈`;
    case 2: return `${r.digits(1)}.${r.digits(2)} ${r.token(3)}:/ 复制打开抖音，看看【${r.word()}的作品】${r.word()} https://v.douyin.com/${r.token(8)}/ ${r.token(2)}@${r.token(2)}.${r.token(2)} ${r.digits(2)}/${r.digits(2)}`;
    case 3: return `${r.word()} 😆 ${r.token(15)} 😆 http://xhslink.com/a/${r.token(12)}，复制本条信息，打开【小红书】App查看精彩内容！`;
    case 4: return `#小程序://拼多多/${r.token(9)} 帮我砍一刀`;
    case 5: return `看看这个 ${link(r)} 怎么样`;
    case 6: return `${r.digits(1)}(${r.token(11)})/ 打开淘宝 ${r.word()}`;
    default: return `${r.word()} ${r.word()}，明天见`;
  }
}

/** WeChat phase 1 (rules/presets/wechat-2021-09.json) in a group chat, as an adblock filter list. */
async function filters() {
  const catalogue = JSON.parse(await readFile(path.join(ROOT, 'rules/platforms.json'), 'utf8'));
  const preset = JSON.parse(await readFile(path.join(ROOT, 'rules/presets/wechat-2021-09.json'), 'utf8'));
  const wrappers = JSON.parse(await readFile(path.join(ROOT, 'rules/wrappers.json'), 'utf8'));
  const partners = new Set(preset.rules.flatMap((rule) => (rule.action === 'open' ? (rule.when?.platform ?? []) : [])));
  const lines = [`! linkgate: WeChat phase 1 in a group chat (${preset.rules.length} rules, ${catalogue.platforms.length} platforms)`, '*$document'];
  for (const p of catalogue.platforms) {
    for (const host of [...p.domains, ...(p.shortLinkHosts ?? [])]) {
      lines.push(partners.has(p.id) ? `@@||${host}^$document` : `||${host}^$document`);
    }
  }
  for (const host of wrappers.shorteners) lines.push(`||${host}^$document`);
  return { text: `${lines.join('\n')}\n`, partners: [...partners] };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const nLinks = Number(opt('--links', 100000));
  const nMessages = Number(opt('--messages', 5000));
  const out = path.resolve(opt('--out', path.join(ROOT, 'target/bench')));
  const r = rng(SEED);
  const links = Array.from({ length: nLinks }, () => link(r));
  const messages = Array.from({ length: nMessages }, () => message(r).replace(/\n/g, '\\n'));
  const list = await filters();
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'links.txt'), `${links.join('\n')}\n`);
  await writeFile(path.join(out, 'messages.txt'), `${messages.join('\n')}\n`);
  await writeFile(path.join(out, 'filters.txt'), list.text);
  await writeFile(path.join(out, 'corpus.json'), `${JSON.stringify({ seed: SEED, links: nLinks, messages: nMessages, filters: list.text.split('\n').filter((l) => l && !l.startsWith('!')).length, partners: list.partners }, null, 2)}\n`);
  console.log(`corpus: ${nLinks} links, ${nMessages} messages, ${list.text.split('\n').length - 2} filters in ${path.relative(ROOT, out)}/`);
}

await main();
