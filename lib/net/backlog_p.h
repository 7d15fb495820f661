// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_BACKLOG_P_H
#define SOCKETIO_BACKLOG_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QBasicTimer>
#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QSharedData>

namespace SocketIo::Eio {

// What one connection may keep unsent (each frame counted at its full size) before it counts as
// not reading and is closed ("transport error").
constexpr qint64 ConnectionBacklogLimit = 8 * 1024 * 1024;
// The most one large message adds to that limit while it is on its way.
constexpr qint64 MessageAllowanceCap = 64 * 1024 * 1024;

// Bytes that wait to be written, shared by every connection that writes them: a broadcast's
// WebSocket frame is encoded once and each slow recipient's backlog points at it.
class SharedFrame : public QSharedData
{
public:
    explicit SharedFrame(QByteArray data) : bytes(std::move(data)) {}
    const QByteArray bytes;
    int backlogs = 0; // how many write backlogs hold it: the ledger counts its bytes once
};
using FrameRef = QExplicitlySharedDataPointer<SharedFrame>;

// A connection's unsent bytes, as the ledger sees them.
class BacklogHolder
{
public:
    virtual ~BacklogHolder();
    // What the connection keeps in memory: each frame at its full size, plus its bookkeeping.
    virtual qint64 backlogBytes() const = 0;
    // The budget is exceeded and this connection is the furthest behind, or it passed its own
    // limit: close it now ("transport error"), freeing its backlog.
    virtual void shedBacklog() = 0;

private:
    friend class BacklogLedger;
    bool m_tracked = false;
    bool m_shedding = false;
    qint64 m_pendingBytes = 0; // its backlog when it was put in line to be closed
};

// Every write backlog of one engine: the bytes they hold together, each shared frame counted
// once, and the connections that hold them. When the total passes the budget, the connections
// furthest behind are closed first; closing (and freeing) is spread over passes of the event
// loop, a few milliseconds at a time, so that a thousand stalled clients dropped at once do not
// stall the others.
class BacklogLedger : public QObject
{
public:
    explicit BacklogLedger(qint64 budget, QObject *parent = nullptr);
    ~BacklogLedger() override;

    // What a queued frame costs besides its bytes (a reference in a deque).
    static constexpr qint64 EntryCost = 16;

    qint64 budget() const { return m_budget; }
    // Bytes held by all backlogs: shared frames once, own buffers, bookkeeping.
    qint64 bytes() const { return m_bytes; }
    qint64 shedCount() const { return m_shed; }

    // A backlog takes (or lets go of) a frame.
    void hold(SharedFrame *frame);
    void release(SharedFrame *frame);
    // Bytes a backlog holds by itself (a long-polling session's buffered packets).
    void add(qint64 bytes);
    void remove(qint64 bytes);

    // A holder with a backlog is known to the ledger until forget().
    void track(BacklogHolder *holder);
    void forget(BacklogHolder *holder);
    // Closes \a holder in a later pass (it passed its own limit). Returns false if it already waits.
    bool shed(BacklogHolder *holder);
    bool isShedding(const BacklogHolder *holder) const { return holder->m_shedding; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void checkBudget();
    void schedule();
    void runPass();

    qint64 m_budget;
    qint64 m_bytes = 0;
    qint64 m_shed = 0;
    QList<BacklogHolder *> m_holders; // with a backlog, in no order
    QList<BacklogHolder *> m_toShed;  // waiting for a pass, in order
    qint64 m_pendingBytes = 0;        // their backlogs: what closing them will free, at most
    QBasicTimer m_pass;
    bool m_overBudget = false; // logged once per episode
};

// The default budget: an eighth of the machine's memory (1 GiB where it cannot be read).
qint64 defaultBacklogBudget();

} // namespace SocketIo::Eio

#endif // SOCKETIO_BACKLOG_P_H
