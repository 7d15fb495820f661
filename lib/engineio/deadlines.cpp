// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "deadlines_p.h"

#include <QtCore/QTimerEvent>

namespace SocketIo::Eio {

Deadline::~Deadline()
{
    if (m_owner)
        m_owner->stop(this);
}

Deadlines::Deadlines(QObject *parent) : QObject(parent)
{
    m_clock.start();
}

Deadlines::~Deadlines()
{
    for (int i = 0; i < m_queueCount; ++i) {
        while (Deadline *deadline = m_queues[i].head)
            unlink(deadline);
    }
}

Deadlines::Queue *Deadlines::queueFor(qint64 duration)
{
    for (int i = 0; i < m_queueCount; ++i) {
        if (m_queues[i].duration == duration)
            return &m_queues[i];
    }
    // More durations than queues (options changed several times): the least used one is
    // shared, and an insertion then walks back to its place.
    if (m_queueCount < MaxQueues) {
        m_queues[m_queueCount].duration = duration;
        return &m_queues[m_queueCount++];
    }
    return &m_queues[MaxQueues - 1];
}

void Deadlines::start(Deadline *deadline, std::chrono::milliseconds duration)
{
    if (deadline->m_owner)
        unlink(deadline);
    Queue *queue = queueFor(duration.count());
    const qint64 due = m_clock.elapsed() + duration.count();
    deadline->m_due = due;
    deadline->m_owner = this;
    // Behind the last one due no later (the tail, unless the queue is shared).
    Deadline *before = queue->tail;
    while (before && before->m_due > due)
        before = before->m_prev;
    deadline->m_prev = before;
    deadline->m_next = before ? before->m_next : queue->head;
    if (deadline->m_next)
        deadline->m_next->m_prev = deadline;
    else
        queue->tail = deadline;
    if (before)
        before->m_next = deadline;
    else
        queue->head = deadline;
    arm(due);
}

void Deadlines::stop(Deadline *deadline)
{
    if (deadline->m_owner == this)
        unlink(deadline);
    // The timer stays set: it finds nothing due, and is set for the next head then.
}

void Deadlines::unlink(Deadline *deadline)
{
    Queue *queue = nullptr;
    for (int i = 0; i < m_queueCount && !queue; ++i) {
        if (m_queues[i].head == deadline || m_queues[i].tail == deadline)
            queue = &m_queues[i];
    }
    if (deadline->m_prev)
        deadline->m_prev->m_next = deadline->m_next;
    else if (queue)
        queue->head = deadline->m_next;
    if (deadline->m_next)
        deadline->m_next->m_prev = deadline->m_prev;
    else if (queue)
        queue->tail = deadline->m_prev;
    deadline->m_prev = deadline->m_next = nullptr;
    deadline->m_owner = nullptr;
}

void Deadlines::arm(qint64 due)
{
    if (m_armedFor >= 0 && m_armedFor <= due)
        return;
    m_armedFor = due;
    m_timer.start(int(qMax<qint64>(0, due - m_clock.elapsed())), Qt::PreciseTimer, this);
}

void Deadlines::rearm()
{
    m_armedFor = -1;
    qint64 earliest = -1;
    for (int i = 0; i < m_queueCount; ++i) {
        if (m_queues[i].head && (earliest < 0 || m_queues[i].head->m_due < earliest))
            earliest = m_queues[i].head->m_due;
    }
    if (earliest < 0)
        m_timer.stop();
    else
        arm(earliest);
}

void Deadlines::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId())
        return QObject::timerEvent(event);
    m_timer.stop();
    m_armedFor = -1;
    // Each expiry may start, stop or destroy other deadlines: the heads are read again each time.
    const qint64 now = m_clock.elapsed();
    for (int i = 0; i < m_queueCount; ++i) {
        while (Deadline *head = m_queues[i].head) {
            if (head->m_due > now)
                break;
            unlink(head);
            head->expired();
        }
    }
    rearm();
}

} // namespace SocketIo::Eio
