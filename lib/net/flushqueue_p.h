// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_FLUSHQUEUE_P_H
#define SOCKETIO_FLUSHQUEUE_P_H

#include <QtCore/QList>
#include <QtCore/QObject>

namespace SocketIo::Eio {

class FlushQueue;

// What a FlushQueue flushes: a connection that buffers what it sends during one pass of the
// event loop.
class Flushable
{
public:
    virtual ~Flushable();
    // Writes what waits in the buffer.
    virtual void flushQueued() = 0;

private:
    friend class FlushQueue;
    bool m_flushQueued = false;
};

// Connections that have frames waiting, flushed together in one queued call.
//
// A transport appends what it sends during one pass of the event loop to its own buffer and enqueues
// itself; the queued call then writes each buffer with one system call. A broadcast to a thousand
// clients, or a burst of packets to one, costs one write per client instead of one per packet, and
// frames still leave in the order they were sent.
class FlushQueue : public QObject
{
public:
    using QObject::QObject;
    ~FlushQueue() override;

    void enqueue(Flushable *transport);
    void dequeue(Flushable *transport);
    void flushAll();

private:
    QList<Flushable *> m_waiting;
    QList<Flushable *> m_flushing; // the batch flushAll() walks; a dequeued entry becomes null
    bool m_scheduled = false;
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_FLUSHQUEUE_P_H
