// Starts Converse.js for the user named in the query string, with a plugin that exposes its API to the test.
import converse from '/converse/dist/converse.min.js';

const params = new URLSearchParams(location.search);
converse.plugins.add('linkgate-test', {
  initialize() {
    window.converseApi = this._converse.api;
  },
});
converse.initialize({
  assets_path: '/converse/dist/',
  websocket_url: params.get('ws'),
  authentication: 'login',
  auto_login: true,
  jid: params.get('jid'),
  password: params.get('password'),
  view_mode: 'overlayed',
  whitelisted_plugins: ['linkgate-test'],
  blacklisted_plugins: ['converse-omemo'],
  auto_reconnect: false,
  play_sounds: false,
  show_desktop_notifications: false,
  allow_non_roster_messaging: true,
  muc_respect_autojoin: false,
  discover_connection_methods: false,
  i18n: 'en',
  loglevel: 'warn',
});
