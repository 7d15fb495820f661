// Small shared pieces: the clock, the server address, why a connection ended, a cheap PRNG.
#pragma once

#include <QtCore/QByteArray>
#include <QtNetwork/QAbstractSocket>
#include <QtNetwork/QHostAddress>

#include <chrono>

// Microseconds of CLOCK_MONOTONIC (std::chrono::steady_clock on Linux), the clock every
// benchmark server stamps its payloads with.
inline qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

struct Endpoint
{
    QHostAddress address;
    quint16 port = 0;
    QByteArray host; // Host header value
    QByteArray path; // e.g. "/socket.io/"
    // Local addresses the connections are spread over, one port range each (empty: the kernel's
    // choice, one port range in all: about 28,000 connections to one server port).
    QList<QHostAddress> sources;
    mutable quint32 nextSource = 0;

    // Binds a socket about to connect to the next source address (round-robin), if any.
    void bindSource(QAbstractSocket *socket) const;
};

enum class CloseCause {
    None,
    Closed,         // we closed it
    ConnectError,   // TCP connect failed
    HandshakeError, // HTTP / WebSocket / Engine.IO handshake refused or malformed
    ServerClosed,   // the server closed an established connection
    ProtocolError,  // a frame or packet we could not make sense of
    Timeout,        // handshake not done within the time limit
};

// xorshift64*: WebSocket masking keys and Sec-WebSocket-Key nonces for thousands of clients
// without a system call each.
class FastRandom
{
public:
    static FastRandom &instance();
    quint64 next()
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545F4914F6CDD1DULL;
    }

private:
    FastRandom();
    quint64 m_state;
};
