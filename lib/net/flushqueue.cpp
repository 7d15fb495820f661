// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "flushqueue_p.h"

namespace SocketIo::Eio {

Flushable::~Flushable() = default;

FlushQueue::~FlushQueue()
{
    for (Flushable *transport : std::as_const(m_waiting))
        transport->m_flushQueued = false;
    for (Flushable *transport : std::as_const(m_flushing)) {
        if (transport)
            transport->m_flushQueued = false;
    }
}

void FlushQueue::enqueue(Flushable *transport)
{
    if (transport->m_flushQueued)
        return;
    transport->m_flushQueued = true;
    m_waiting.append(transport);
    if (!m_scheduled) {
        m_scheduled = true;
        QMetaObject::invokeMethod(
                this, [this] { flushAll(); }, Qt::QueuedConnection);
    }
}

void FlushQueue::dequeue(Flushable *transport)
{
    if (!transport->m_flushQueued)
        return;
    transport->m_flushQueued = false;
    m_waiting.removeOne(transport);
    const qsizetype index = m_flushing.indexOf(transport);
    if (index >= 0)
        m_flushing[index] = nullptr;
}

void FlushQueue::flushAll()
{
    m_scheduled = false;
    m_flushing.swap(m_waiting);
    // A flush may close a session, which may delete other transports of this batch: dequeue()
    // clears their entries, so every entry is read afresh.
    for (qsizetype i = 0; i < m_flushing.size(); ++i) {
        Flushable *transport = m_flushing.at(i);
        if (!transport)
            continue;
        transport->m_flushQueued = false;
        transport->flushQueued();
    }
    m_flushing.clear();
}

} // namespace SocketIo::Eio
