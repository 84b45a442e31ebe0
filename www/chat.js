// The demo chat: conversations as data, rendered with DOM APIs only (never innerHTML: message text is untrusted in
// a real chat, and linkgate's own rule forbids it). The hash selects the conversation: chat.html#group-family, and
// optionally a message: chat.html#group-family/m3 (scrolled into view and highlighted). Switching conversations
// re-renders the message pane without reloading the page, like a real web chat.
//
// DOM markers read by linkgate's demo adapter (extension/content/adapters.js), documented in www/README.md:
//   <section class="conversation" data-chat-context="direct|group|feed" data-chat-id="…">  one per open conversation
//   .message-text                                                                          the text of one message
// Links carry data-demo-link="<case id>" so the index page and the tests can name them.
'use strict';
(() => {
  // A second local origin, so links to the demo's own target page are cross-origin (and classified: the engine
  // warns about localhost / 127.0.0.1 as private_network).
  const otherHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const local = (path) => `${location.protocol}//${otherHost}${location.port ? `:${location.port}` : ''}/${path}`;

  const L = (href, text, extra = {}) => ({ href, text: text ?? href, ...extra });

  // Message parts: a string (text), a link L(href, text, {id, target}), or a button that calls window.open.
  const conversations = [
    {
      id: 'dm-alice',
      name: 'Alice 爱丽丝',
      context: 'direct',
      messages: [
        { from: 'Alice', parts: ['这个好看吗？ ', L('https://item.taobao.com/item.htm?id=680134502317&spm=a21n57.1.0.0', null, { id: 'taobao-item' })] },
        { from: 'Alice', parts: ['短链接也行：', L('https://m.tb.cn/h.5BqZxYz', null, { id: 'taobao-short' })] },
        { from: 'Alice', parts: ['復制这段描述￥Qx4ycGtE5Ya￥后咑閞👉手机淘宝👈'] },
        { from: 'You', parts: ['京东这个更便宜 ', L('https://item.jd.com/100012043978.html', null, { id: 'jd-item' })] },
        { from: 'Alice', parts: ['随便看看 ', L('https://example.org/', null, { id: 'example-org' })] },
        { from: 'Alice', parts: ['（陌生人发来的）淘宝登录：', L('https://taobao-login.com/', null, { id: 'lookalike' })] },
        { from: 'Alice', parts: ['这个也是“淘宝”？ ', L('http://taobao.com@evil.example/', null, { id: 'credentials' })] },
      ],
    },
    {
      id: 'dm-bob',
      name: 'Bob 小王',
      context: 'direct',
      messages: [
        { from: 'Bob', parts: ['7.94 复制打开抖音，看看【小王的作品】周末去哪儿玩 ', L('https://v.douyin.com/iRNBho6/', null, { id: 'douyin-share' }), ' a@A.go 02/18 :8pm'] },
        { from: 'Bob', parts: ['B站这个视频 ', L('https://www.bilibili.com/video/BV1GJ411x7h7', null, { id: 'bilibili' })] },
        { from: 'Bob', parts: ['小红书笔记 ', L('https://www.xiaohongshu.com/explore/64f1c2d3000000001f03a1b2', null, { id: 'xiaohongshu' })] },
        { from: 'Bob', parts: ['淘宝官网 ', L('https://evil.example/', 'taobao.com', { id: 'text-mismatch' })] },
        { from: 'Bob', parts: ['点这里领红包 ', L('javascript:alert(document.domain)', '领取红包', { id: 'javascript' })] },
        { from: 'Bob', parts: ['新窗口打开 ', L('https://xn--tobao-4ve.com/', null, { id: 'homograph', target: '_blank' })] },
        { from: 'Bob', parts: ['Slack 转来的 ', L('https://slack-redir.net/link?url=https%3A%2F%2Fitem.jd.com%2F100012043978.html', null, { id: 'slack-wrapper' })] },
      ],
    },
    {
      id: 'group-family',
      name: 'Family 家人群',
      context: 'group',
      messages: [
        { from: '妈妈', parts: ['帮我看看这个锅 ', L('https://item.taobao.com/item.htm?id=680134502317', null, { id: 'taobao-item' })] },
        { from: '爸爸', parts: ['拼多多这个便宜 ', L('https://mobile.yangkeduo.com/goods.html?goods_id=412345678901', null, { id: 'pinduoduo' })] },
        { from: '姐姐', parts: ['京东自营 ', L('https://item.jd.com/100012043978.html', null, { id: 'jd-item' })] },
        { from: '表哥', parts: ['看看这个网站 ', L('https://example.org/', null, { id: 'example-org' })] },
        { from: '表哥', parts: ['淘宝“官方”活动 ', L('https://xn--tobao-4ve.com/', null, { id: 'homograph' })] },
        { from: '姐姐', parts: ['Slack 转来的 ', L('https://slack-redir.net/link?url=https%3A%2F%2Fitem.jd.com%2F100038004389.html', null, { id: 'slack-wrapper' })] },
        { from: '妈妈', parts: ['復制这段描述￥Qx4ycGtE5Ya￥后咑閞👉手机淘宝👈'] },
        { from: '爸爸', parts: ['（群里的小程序按钮，用 window.open 打开）', { button: '打开活动页 Open offer', href: 'https://example.org/offer', id: 'window-open-example' }] },
      ],
    },
    {
      id: 'group-deals',
      name: 'Deals 优惠群',
      context: 'group',
      messages: [
        { from: '群主', parts: ['今日秒杀 ', L('https://m.tb.cn/h.5BqZxYz', null, { id: 'taobao-short' })] },
        { from: '群主', parts: ['京东 ', L('https://item.jd.com/100012043978.html', null, { id: 'jd-item', target: '_blank' })] },
        { from: '小李', parts: ['拼多多 ', L('https://mobile.yangkeduo.com/goods.html?goods_id=412345678901', null, { id: 'pinduoduo' })] },
        { from: '小李', parts: ['B站 ', L('https://b23.tv/av170001', null, { id: 'bilibili-short' })] },
        { from: '小张', parts: ['短链接 ', L('https://bit.ly/3xYzAbC', null, { id: 'shortener' })] },
        { from: '小张', parts: ['淘宝 ', L('https://item.taobao.com/item.htm?id=680134502317', null, { id: 'taobao-item', target: '_blank' })] },
      ],
    },
    {
      // A shopping group on a busy day: the same items pushed again, bargain and red-packet requests. Under the
      // default preset the repeats and the requests fold (docs/folding.md); the first of each item shows.
      id: 'group-shopping',
      name: 'Shopping 购物群',
      context: 'group',
      messages: [
        { from: '群主', parts: ['今日爆款 ', L('https://item.taobao.com/item.htm?id=680134502317', null, { id: 'taobao-item' })] },
        { from: '小李', parts: ['帮我砍一刀！就差你了 ', L('https://mobile.yangkeduo.com/each_ibm_characteristic.html?_wv=41729&invite_code=BY52VKXGFBEPW57HMGDQPSKSW4_GEXDA&_x_campaign=red_packet&refer_share_channel=message', null, { id: 'pinduoduo-bargain' })] },
        { from: '群主', parts: ['再发一次，手慢无 ', L('https://item.taobao.com/item.htm?id=680134502317&spm=a21n57.1.0.0', null, { id: 'taobao-repeat' })] },
        { from: '小王', parts: ['京东好价 ', L('https://item.jd.com/100012043978.html', null, { id: 'jd-item' })] },
        { from: '群主', parts: ['三连：', L('https://m.intl.taobao.com/detail/detail.html?id=680134502317', null, { id: 'taobao-repeat-mobile' }), ' ', L('https://item.m.jd.com/product/100012043978.html', null, { id: 'jd-repeat' }), ' ', L('https://item.taobao.com/item.htm?id=712345678901', null, { id: 'taobao-new' })] },
        { from: '小李', parts: ['饿了么拼手气红包 ', L('https://h5.ele.me/hongbao/#hardware_id=&is_lucky_group=True&lucky_number=8&sn=2a2e0bbbc4bb000a', null, { id: 'eleme-hongbao' })] },
        { from: '小张', parts: ['说点别的 ', L('https://example.org/', null, { id: 'example-org' })] },
      ],
    },
    {
      id: 'feed-moments',
      name: 'Moments 朋友圈',
      context: 'feed',
      messages: [
        { from: '小红', parts: ['周末探店 ', L('https://www.xiaohongshu.com/explore/64f1c2d3000000001f03a1b2', null, { id: 'xiaohongshu' })] },
        { from: '阿杰', parts: ['新买的 ', L('https://item.taobao.com/item.htm?id=680134502317', null, { id: 'taobao-item' })] },
        { from: '阿杰', parts: ['京东 ', L('https://item.jd.com/100012043978.html', null, { id: 'jd-item' })] },
        { from: '小美', parts: ['我的博客 ', L('https://example.org/', null, { id: 'example-org' })] },
        { from: '小美', parts: ['抖音 ', L('https://v.douyin.com/iRNBho6/', null, { id: 'douyin-share' })] },
      ],
    },
    {
      id: 'group-lab',
      name: 'Link lab 测试群',
      context: 'group',
      messages: [
        { from: 'lab', parts: ['Local target (private network, warned): ', L(local('target.html?via=link'), null, { id: 'local-target' })] },
        { from: 'lab', parts: ['Local target in a new tab: ', L(local('target.html?via=blank'), null, { id: 'local-target-blank', target: '_blank' })] },
        { from: 'lab', parts: ['Blocked: ', L('javascript:void(0)', 'javascript: link', { id: 'blocked' })] },
        { from: 'lab', parts: ['Blocked, new tab: ', L('javascript:void(1)', 'javascript: link', { id: 'blocked-blank', target: '_blank' })] },
        { from: 'lab', parts: ['Unknown website: ', L('https://example.org/lab', null, { id: 'example-org' })] },
        { from: 'lab', parts: ['Taobao: ', L('https://item.taobao.com/item.htm?id=680134502317', null, { id: 'taobao-item' })] },
        { from: 'lab', parts: ['window.open: ', { button: 'Open local target', href: local('target.html?via=window-open'), id: 'window-open-target' }, ' ', { button: 'Open javascript:', href: 'javascript:void(2)', id: 'window-open-blocked' }] },
        { from: 'lab', parts: ['App link (warned; the warning page offers no Continue for a non-web address): ', L('taobao://item.taobao.com/item.htm?id=680134502399', '打开淘宝 App', { id: 'app-scheme' })] },
        { from: 'lab', parts: ['Same-origin link (not checked): ', L('index.html', 'index.html', { id: 'same-origin' })] },
      ],
    },
  ];

  const list = document.getElementById('conversation-list');
  const pane = document.getElementById('pane');

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  function renderPart(part) {
    if (typeof part === 'string') return document.createTextNode(part);
    if (part.button) {
      const button = el('button', { type: 'button', className: 'open-button', 'data-demo-link': part.id, 'data-href': part.href, text: part.button });
      // The page's own JavaScript opens the link (like a mini-program card): linkgate's window.open hook sees it.
      button.addEventListener('click', () => window.open(part.href, '_blank'));
      return button;
    }
    return el('a', { href: part.href, 'data-demo-link': part.id, target: part.target, rel: part.target ? 'noopener' : undefined, text: part.text });
  }

  // What a chat client does with a sent message: http(s) URLs become links, the rest stays text.
  function linkify(text) {
    const parts = [];
    let last = 0;
    for (const m of text.matchAll(/https?:\/\/[^\s，。！？、】）]+/g)) {
      if (m.index > last) parts.push(text.slice(last, m.index));
      parts.push(L(m[0], null, { id: 'sent' }));
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  // Every conversation's messages are a minute apart from 10:00 (Beijing time) on the demo's day: the times
  // linkgate's folding reads (<time datetime>), as a real chat shows them.
  const DAY = Date.parse('2026-12-01T10:00:00+08:00');
  const clock = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });

  function messageItem(m, i) {
    const at = new Date(m.at ?? DAY + i * 60_000);
    return el(
      'li',
      { className: `message${m.from === 'You' ? ' mine' : ''}`, id: `m${i + 1}` },
      el('span', { className: 'sender', text: m.from }),
      el('time', { className: 'time', datetime: at.toISOString(), text: clock.format(at) }),
      el('p', { className: 'message-text' }, ...m.parts.map(renderPart)),
    );
  }

  function composeBox(conv, list) {
    const input = el('textarea', { id: 'compose-input', rows: '2', placeholder: 'Message · 发消息 (Enter to send)', 'aria-label': 'Message 发消息' });
    const form = el('form', { className: 'compose' }, input, el('button', { type: 'submit', text: 'Send 发送' }));
    const send = () => {
      const text = input.value.trim();
      if (!text) return;
      const m = { from: 'You', parts: linkify(text), at: Date.now() };
      conv.messages.push(m);
      list.append(messageItem(m, conv.messages.length - 1));
      input.value = '';
      list.lastElementChild.scrollIntoView({ block: 'end' });
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    });
    return form;
  }

  function renderList(activeId) {
    list.replaceChildren(
      ...conversations.map((c) =>
        el(
          'li',
          {},
          el(
            'a',
            { href: `#${c.id}`, className: c.id === activeId ? 'active' : undefined, 'aria-current': c.id === activeId ? 'page' : undefined, 'data-conversation': c.id },
            el('span', { className: `kind ${c.context}`, text: { direct: '私聊', group: '群聊', feed: '动态' }[c.context] }),
            el('span', { className: 'name', text: c.name }),
          ),
        ),
      ),
    );
  }

  function render() {
    const [convId, msgId] = decodeURIComponent(location.hash.slice(1)).split('/');
    const conv = conversations.find((c) => c.id === convId) ?? conversations[0];
    renderList(conv.id);
    const messages = el('ol', { className: 'messages' }, ...conv.messages.map(messageItem));
    const section = el(
      'section',
      { className: 'conversation', 'data-chat-context': conv.context, 'data-chat-id': conv.id, 'aria-label': conv.name },
      el('header', {}, el('h2', { text: conv.name }), el('span', { className: 'context', text: `data-chat-context="${conv.context}"` })),
      messages,
      composeBox(conv, messages),
    );
    pane.replaceChildren(section);
    document.title = `${conv.name} — linkgate demo chat`;
    if (msgId) {
      const target = section.querySelector(`#${CSS.escape(msgId)}`);
      target?.classList.add('highlight');
      target?.scrollIntoView({ block: 'center' });
    }
  }

  window.addEventListener('hashchange', render);
  render();
  // For the tests and the index page: the scenario data.
  window.demoConversations = conversations.map(({ id, name, context }) => ({ id, name, context }));
})();
