// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "backlog_p.h"
#include "logging_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTimerEvent>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace SocketIo::Eio {

BacklogHolder::~BacklogHolder() = default;

BacklogLedger::BacklogLedger(qint64 budget, QObject *parent) : QObject(parent), m_budget(budget) {}

BacklogLedger::~BacklogLedger() = default;

void BacklogLedger::hold(SharedFrame *frame)
{
    if (frame->backlogs++ == 0)
        m_bytes += frame->bytes.size();
    m_bytes += EntryCost;
    if (m_bytes > m_budget)
        schedule();
}

void BacklogLedger::release(SharedFrame *frame)
{
    if (--frame->backlogs == 0)
        m_bytes -= frame->bytes.size();
    m_bytes -= EntryCost;
}

void BacklogLedger::add(qint64 bytes)
{
    m_bytes += bytes;
    if (m_bytes > m_budget)
        schedule();
}

void BacklogLedger::remove(qint64 bytes)
{
    m_bytes -= bytes;
}

void BacklogLedger::track(BacklogHolder *holder)
{
    if (holder->m_tracked)
        return;
    holder->m_tracked = true;
    m_holders.append(holder);
}

void BacklogLedger::forget(BacklogHolder *holder)
{
    if (holder->m_tracked) {
        holder->m_tracked = false;
        m_holders.removeOne(holder);
    }
    if (holder->m_shedding) {
        holder->m_shedding = false;
        if (m_toShed.removeOne(holder))
            m_pendingBytes = qMax<qint64>(0, m_pendingBytes - holder->m_pendingBytes);
    }
}

bool BacklogLedger::shed(BacklogHolder *holder)
{
    if (holder->m_shedding)
        return false;
    holder->m_shedding = true;
    holder->m_pendingBytes = holder->backlogBytes();
    m_pendingBytes += holder->m_pendingBytes;
    m_toShed.append(holder);
    schedule();
    return true;
}

// Over budget: the holders furthest behind are closed until what the others hold fits. What a
// closed holder frees is known only once it is closed (a shared frame is freed with its last
// holder), so the choice counts each holder's own figure and stops at the excess.
void BacklogLedger::checkBudget()
{
    if (m_bytes <= m_budget)
        return;
    qint64 excess = m_bytes - m_budget - m_pendingBytes;
    if (excess <= 0)
        return;
    QList<BacklogHolder *> candidates;
    candidates.reserve(m_holders.size());
    for (BacklogHolder *holder : std::as_const(m_holders)) {
        if (!holder->m_shedding)
            candidates.append(holder);
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const BacklogHolder *a, const BacklogHolder *b) { return a->backlogBytes() > b->backlogBytes(); });
    if (!m_overBudget) {
        m_overBudget = true;
        qCWarning(lcEngineTransport,
                  "write backlogs hold %lld bytes, over the budget of %lld: closing the clients furthest behind",
                  m_bytes, m_budget);
    }
    for (BacklogHolder *holder : std::as_const(candidates)) {
        if (excess <= 0)
            break;
        excess -= holder->backlogBytes();
        shed(holder);
    }
}

void BacklogLedger::schedule()
{
    if (!m_pass.isActive())
        m_pass.start(0, this);
}

void BacklogLedger::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_pass.timerId())
        return QObject::timerEvent(event);
    runPass();
}

// Picks who goes when over budget, then closes what waits for at most a few milliseconds and
// yields to the event loop.
void BacklogLedger::runPass()
{
    constexpr qint64 PassNanoseconds = 2'000'000;
    checkBudget();
    QElapsedTimer clock;
    clock.start();
    bool closedAny = false;
    while (!m_toShed.isEmpty() && clock.nsecsElapsed() < PassNanoseconds) {
        BacklogHolder *holder = m_toShed.takeFirst();
        holder->m_shedding = false;
        m_pendingBytes = qMax<qint64>(0, m_pendingBytes - holder->m_pendingBytes);
        ++m_shed;
        closedAny = true;
        holder->shedBacklog(); // may delete it
    }
    if (!m_toShed.isEmpty())
        return; // the next pass goes on
    m_pass.stop();
    m_pendingBytes = 0;
    if (m_bytes <= m_budget)
        m_overBudget = false;
    else if (closedAny)
        schedule(); // what they freed was not enough (frames others still hold): choose again
}

qint64 defaultBacklogBudget()
{
#ifdef Q_OS_UNIX
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return qint64(pages) * pageSize / 8;
#endif
    return qint64(1) << 30;
}

} // namespace SocketIo::Eio
