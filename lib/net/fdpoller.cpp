// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "fdpoller_p.h"

#ifdef Q_OS_LINUX

#include "logging_p.h"

#include <QtCore/QEvent>
#include <QtCore/QMetaObject>
#include <QtCore/QSocketNotifier>

#include <sys/epoll.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace SocketIo::Eio {

FdPoller::Watcher::~Watcher() = default;

namespace {
thread_local FdPoller *t_poller = nullptr;

constexpr quint32 toEpoll(quint32 events)
{
    return ((events & FdPoller::Readable) ? quint32(EPOLLIN) : 0u)
            | ((events & FdPoller::Writable) ? quint32(EPOLLOUT) : 0u);
}
} // namespace

// The epoll descriptor in Qt's event loop: readable while a watched descriptor is ready.
class FdPoller::Notifier final : public QSocketNotifier
{
public:
    Notifier(int fd, FdPoller *poller) : QSocketNotifier(fd, Read), m_poller(poller) {}

protected:
    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::SockAct)
            return QSocketNotifier::event(event);
        m_poller->onReady();
        return true;
    }

private:
    FdPoller *m_poller;
};

FdPoller *FdPoller::forThisThread()
{
    if (!t_poller)
        t_poller = new FdPoller;
    return t_poller;
}

FdPoller::FdPoller()
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        qCWarning(lcEngineTransport, "epoll_create1 failed: %s", std::strerror(errno));
        return;
    }
    m_notifier = new Notifier(m_epoll, this);
}

FdPoller::~FdPoller()
{
    if (t_poller == this)
        t_poller = nullptr;
    delete m_notifier; // leaves the dispatcher before its descriptor is closed
    if (m_epoll >= 0)
        ::close(m_epoll);
}

FdPoller::Slot *FdPoller::slotOf(Handle handle)
{
    const quint32 index = quint32(handle & 0xffffffffu);
    if (index == 0 || index > quint32(m_slots.size()))
        return nullptr;
    Slot &slot = m_slots[index - 1];
    if (!slot.watcher || slot.generation != quint32(handle >> 32))
        return nullptr;
    return &slot;
}

bool FdPoller::apply(Slot &slot, quint32 events)
{
    // A descriptor watched for nothing leaves the set: epoll reports a hang-up or an error even
    // for an empty event mask, and level-triggered it would report it on every pass.
    const quint32 wanted = toEpoll(events);
    if (wanted == slot.events)
        return true;
    const Handle handle = (Handle(slot.generation) << 32) | Handle(&slot - m_slots.data() + 1);
    epoll_event ev{};
    ev.events = wanted;
    ev.data.u64 = handle;
    int op = EPOLL_CTL_MOD;
    if (wanted == 0)
        op = EPOLL_CTL_DEL;
    else if (slot.events == 0)
        op = EPOLL_CTL_ADD;
    if (::epoll_ctl(m_epoll, op, slot.fd, &ev) != 0) {
        qCWarning(lcEngineTransport, "epoll_ctl(%d) on descriptor %d failed: %s", op, slot.fd, std::strerror(errno));
        return false;
    }
    slot.events = wanted;
    return true;
}

FdPoller::Handle FdPoller::add(int fd, quint32 events, Watcher *watcher)
{
    if (m_epoll < 0 || fd < 0 || !watcher)
        return 0;
    quint32 index;
    if (!m_free.isEmpty()) {
        index = m_free.takeLast();
    } else {
        m_slots.append(Slot{});
        index = quint32(m_slots.size() - 1);
    }
    Slot &slot = m_slots[index];
    slot.watcher = watcher;
    slot.fd = fd;
    slot.events = 0;
    if (!apply(slot, events)) {
        slot.watcher = nullptr;
        slot.fd = -1;
        m_free.append(index);
        return 0;
    }
    ++m_live;
    return (Handle(slot.generation) << 32) | Handle(index + 1);
}

void FdPoller::modify(Handle handle, quint32 events)
{
    if (Slot *slot = slotOf(handle))
        apply(*slot, events);
}

void FdPoller::remove(Handle handle)
{
    Slot *slot = slotOf(handle);
    if (!slot)
        return;
    apply(*slot, 0);
    slot->watcher = nullptr;
    slot->fd = -1;
    ++slot->generation; // a pending event or deferral for the old watch finds no one
    m_free.append(quint32(slot - m_slots.data()));
    --m_live;
    releaseIfUnused();
}

void FdPoller::defer(Handle handle)
{
    if (!slotOf(handle))
        return;
    m_deferred.append(handle);
    if (m_deferPosted)
        return;
    m_deferPosted = true;
    QMetaObject::invokeMethod(
            m_notifier, [this] { runDeferred(); }, Qt::QueuedConnection);
}

void FdPoller::onReady()
{
    // One batch per activation: the notifier fires again while descriptors stay ready, and
    // timers and posted events get their turn in between.
    constexpr int Batch = 256;
    epoll_event events[Batch];
    int n;
    do {
        n = ::epoll_wait(m_epoll, events, Batch, 0);
    } while (n < 0 && errno == EINTR);
    ++m_delivering;
    for (int i = 0; i < n; ++i) {
        const Handle handle = events[i].data.u64;
        const quint32 ready = events[i].events;
        Slot *slot = slotOf(handle);
        if (!slot)
            continue;
        // A hang-up or an error is told to whichever direction is watched: the read or the
        // write that follows finds out what happened.
        const bool failed = ready & (EPOLLHUP | EPOLLERR);
        if ((ready & EPOLLIN) || (failed && (slot->events & EPOLLIN))) {
            slot->watcher->onFdEvent(Readable);
            slot = slotOf(handle); // the watcher may have ended its watch
            if (!slot)
                continue;
        }
        if (((ready & EPOLLOUT) || failed) && (slot->events & EPOLLOUT))
            slot->watcher->onFdEvent(Writable);
    }
    --m_delivering;
    releaseIfUnused();
}

void FdPoller::runDeferred()
{
    m_deferPosted = false;
    const QList<Handle> due = std::exchange(m_deferred, {});
    ++m_delivering;
    for (Handle handle : due) {
        if (Slot *slot = slotOf(handle))
            slot->watcher->onFdEvent(Deferred);
    }
    --m_delivering;
    releaseIfUnused();
}

void FdPoller::releaseIfUnused()
{
    // Kept while a watch or a deferral is pending, and never deleted under its own call stack.
    if (m_live == 0 && m_delivering == 0 && m_deferred.isEmpty() && !m_deferPosted)
        delete this;
}

} // namespace SocketIo::Eio

#endif // Q_OS_LINUX
