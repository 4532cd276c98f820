// The public API allow-list: names an entry point exports for users of Streamer even though no
// project in this workspace imports them — the handler contract a user's handlers implement, and the
// client (with the protocol version) a frontend installs. Every other exported name must be imported
// somewhere outside its lib (code-shape.spec.ts); an entry here that is no longer exported fails too.
export const PUBLIC_API: Readonly<Record<string, readonly string[]>> = {
  // What a handler author reads: the sync context, the codes FatalError/RetryableError take, and the
  // error `register` throws at start-up.
  '@streamer/handler-api': ['HandlerContext', 'HandlerErrorCode', 'HandlerRegistrationError'],
  // The client's documented options, events, errors and helpers (libs/client/README.md).
  '@streamer/client': [
    'AckHandler',
    'BackoffOptions',
    'CLIENT_ERROR_CODES',
    'ClientErrorCode',
    'ClientState',
    'CloseEvent',
    'EventHandler',
    'EventMeta',
    'Listener',
    'Logger',
    'OpenEvent',
    'ProgressHandler',
    'ReconnectEvent',
    'ReconnectingEvent',
    'RequestOptions',
    'SocketCloseEvent',
    'SocketMessageEvent',
    'StreamerClientEvents',
    'StreamerClientOptions',
    'StreamerErrorCode',
    'StreamerErrorOptions',
    'SubscribeOptions',
    'Timers',
    'TokenSource',
    'TokenTransport',
    'TopicEvent',
    'TruncatedEvent',
    'WebSocketLike',
    'backoffDelay',
    'clientVersion',
  ],
  // The in-process fake server a frontend's own tests run the client against.
  '@streamer/client/testing': ['FakeConnection', 'FakeHandshake', 'FakeMessageHandler', 'FakePeer', 'FakeServer', 'FakeServerOptions', 'FakeWebSocket'],
  // The wire protocol a frontend installs with the client: its version, and the documented type of
  // each message variant (libs/protocol/README.md, "Messages").
  '@streamer/protocol': ['PROTOCOL_VERSION', 'PingMessage', 'PongMessage', 'StatusMessage', 'StatusResultMessage', 'SubscribeMessage', 'UnsubscribeMessage'],
};
