#include "client.h"

Client::Client(int index, ClientHandler *handler, const Endpoint &endpoint)
    : m_index(index), m_handler(handler), m_endpoint(endpoint), m_ws(this)
{}

Client::~Client() = default;

void Client::connectTo(Transport transport)
{
    abort();
    m_transport = transport;
    m_state = State::Connecting;
    m_namespaceConnected = false;
    m_upgraded = false;
    m_startedUs = nowUs();
    if (transport == Transport::WebSocket) {
        m_ws.open(m_endpoint, m_endpoint.path + "?EIO=4&transport=websocket");
        return;
    }
    if (!m_polling)
        m_polling = std::make_unique<Polling>(this);
    m_polling->open(m_endpoint);
}

void Client::send(const QByteArray &packet)
{
    if (overWebSocket())
        m_ws.sendText(packet);
    else if (m_polling)
        m_polling->send(packet);
}

void Client::sendRepeated(const QByteArray &packet, int count)
{
    if (count <= 0)
        return;
    if (overWebSocket()) {
        QByteArray frames;
        frames.reserve(count * (packet.size() + 14));
        for (int i = 0; i < count; ++i)
            WebSocket::appendTextFrame(frames, packet);
        m_ws.writeFrames(frames);
    } else if (m_polling) {
        for (int i = 0; i < count; ++i)
            m_polling->send(packet);
    }
}

qint64 Client::backlog() const
{
    if (overWebSocket())
        return m_ws.bytesToWrite();
    return m_polling ? m_polling->backlog() : 0;
}

void Client::close()
{
    if (m_state != State::Connected)
        return;
    m_state = State::Closing;
    if (overWebSocket()) {
        m_ws.sendText("41");
        if (!m_ws.close())
            lost(CloseCause::Closed);
    } else {
        m_polling->close("41\x1e"
                         "1");
    }
}

void Client::abort()
{
    m_ws.abort();
    if (m_polling)
        m_polling->abort();
    m_state = State::Idle;
}

// Reports the end of this connection once, as a failure or a close depending on how far it got.
void Client::lost(CloseCause cause)
{
    const State state = m_state;
    abort();
    if (state == State::Connecting)
        m_handler->clientFailed(this, cause);
    else if (state != State::Idle)
        m_handler->clientClosed(this, state == State::Closing ? CloseCause::Closed : cause);
}

void Client::maybeConnected()
{
    if (m_state != State::Connecting || !m_namespaceConnected)
        return;
    if (m_transport == Transport::Upgrade && !m_upgraded)
        return;
    m_state = State::Connected;
    m_handler->clientConnected(this);
}

void Client::handleOpen(const QByteArray &packet)
{
    if (m_transport == Transport::WebSocket) {
        send("40");
        return;
    }
    const qsizetype at = packet.indexOf("\"sid\":\"");
    const qsizetype end = at < 0 ? -1 : packet.indexOf('"', at + 7);
    if (end < 0) {
        lost(CloseCause::HandshakeError);
        return;
    }
    const QByteArray sid = packet.mid(at + 7, end - at - 7);
    m_polling->start(sid);
    m_polling->send("40");
    if (m_transport == Transport::Upgrade)
        m_ws.open(m_endpoint, m_endpoint.path + "?EIO=4&transport=websocket&sid=" + sid);
}

void Client::handlePacket(const QByteArray &packet)
{
    if (packet.isEmpty())
        return;
    switch (packet.at(0)) {
    case '0':
        handleOpen(packet);
        return;
    case '1':
        lost(CloseCause::ServerClosed);
        return;
    case '2':
        send("3");
        return;
    case '4':
        break;
    default: // '3' pong, '6' noop
        return;
    }
    if (packet.size() < 2)
        return;
    switch (packet.at(1)) {
    case '0':
        m_namespaceConnected = true;
        maybeConnected();
        return;
    case '1':
        lost(CloseCause::ServerClosed);
        return;
    case '2':
    case '3': {
        Message message;
        if (parseMessage(packet, message))
            m_handler->clientMessage(this, message);
        return;
    }
    case '4': // connect_error
        lost(CloseCause::HandshakeError);
        return;
    default:
        return;
    }
}

void Client::webSocketOpened(WebSocket *)
{
    if (m_transport == Transport::Upgrade)
        m_ws.sendText("2probe");
}

void Client::webSocketText(WebSocket *, const QByteArray &text)
{
    if (m_transport == Transport::Upgrade && !m_upgraded) {
        if (text != "3probe") {
            lost(CloseCause::HandshakeError);
            return;
        }
        // Pause polling: wait for the poll in flight (the server ends it with a noop), then switch.
        m_polling->pause([this] { upgraded(); });
        return;
    }
    handlePacket(text);
}

void Client::upgraded()
{
    m_ws.sendText("5");
    m_upgraded = true;
    m_polling->abort();
    maybeConnected();
}

void Client::webSocketClosed(WebSocket *, CloseCause cause)
{
    lost(cause);
}

void Client::webSocketWritable(WebSocket *)
{
    if (m_state == State::Connected)
        m_handler->clientWritable(this);
}

void Client::pollingPacket(Polling *, const QByteArray &packet)
{
    handlePacket(packet);
}

void Client::pollingClosed(Polling *, CloseCause cause)
{
    if (m_upgraded)
        return;
    lost(cause);
}

void Client::pollingWritable(Polling *)
{
    if (m_state == State::Connected && !overWebSocket())
        m_handler->clientWritable(this);
}
