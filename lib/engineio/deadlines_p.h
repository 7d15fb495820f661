// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_DEADLINES_P_H
#define SOCKETIO_DEADLINES_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QBasicTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>

#include <chrono>

namespace SocketIo::Eio {

class Deadlines;

// One deadline of a session (its next ping, its pong deadline), embedded in its owner; it is
// off until started, and leaves its queue when stopped or destroyed.
class Deadline
{
public:
    Deadline() = default;
    virtual ~Deadline();
    Q_DISABLE_COPY_MOVE(Deadline)

    bool isActive() const { return m_owner != nullptr; }

protected:
    // Called once the deadline passed; it is off by then.
    virtual void expired() = 0;

private:
    friend class Deadlines;
    Deadline *m_prev = nullptr;
    Deadline *m_next = nullptr;
    Deadlines *m_owner = nullptr;
    qint64 m_due = 0; // ms on the owner's clock
};

// The heartbeat deadlines of every session of an engine, on one timer. Qt's own timers cost
// the event dispatcher a linear search on every stop and restart (QTimerInfoList): with 20,000
// sessions, each ping and pong did that three times, and the heartbeat alone kept a tenth of a
// core busy. Deadlines of one duration come due in the order they are set, so each duration
// has a queue in that order, and setting, moving and clearing a deadline costs the same at any
// size; the timer is set for the earliest head.
class Deadlines : public QObject
{
public:
    explicit Deadlines(QObject *parent = nullptr);
    ~Deadlines() override;

    // (Re)starts deadline to expire after \a duration.
    void start(Deadline *deadline, std::chrono::milliseconds duration);
    void stop(Deadline *deadline);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Queue
    {
        qint64 duration = 0;
        Deadline *head = nullptr;
        Deadline *tail = nullptr;
    };
    static constexpr int MaxQueues = 4; // the durations in use: a few per engine

    Queue *queueFor(qint64 duration);
    void unlink(Deadline *deadline);
    void arm(qint64 due);
    void rearm();

    Queue m_queues[MaxQueues];
    int m_queueCount = 0;
    QElapsedTimer m_clock;
    QBasicTimer m_timer;
    qint64 m_armedFor = -1; // when the timer fires (-1: not armed)
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_DEADLINES_P_H
