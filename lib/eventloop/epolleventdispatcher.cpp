// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "epolleventdispatcher.h"

#ifdef Q_OS_LINUX

#include "epolleventdispatcher_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <vector>

namespace SocketIo {

/*!
    \class SocketIo::EpollEventDispatcher
    \inmodule SocketIo
    \brief An event dispatcher on epoll(7) for servers with thousands of connections (Linux).

    Qt's event dispatchers hand every socket notifier to poll() on every pass
    of the event loop, so each wakeup costs time in proportion to the number of
    open connections: at 10,000 idle clients that pinged once a second, the
    server spent its whole core in poll(). This dispatcher keeps the
    descriptors in an epoll set, and a pass costs time in proportion to the
    sockets that are ready.

    Install it before the application object is created:

    \code
    QCoreApplication::setEventDispatcher(new SocketIo::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    \endcode

    or give one to a QThread with QThread::setEventDispatcher() before it
    starts. It serves socket notifiers, timers and posted events, which is what
    QtCore, QtNetwork, QtWebSockets and Qt HttpServer use; it has no GUI event
    integration, so a QGuiApplication keeps its own dispatcher.
*/

quint32 EpollEventDispatcherPrivate::Notifiers::mask() const
{
    return (read ? quint32(EPOLLIN) : 0u) | (write ? quint32(EPOLLOUT) : 0u) | (exception ? quint32(EPOLLPRI) : 0u);
}

EpollEventDispatcherPrivate::EpollEventDispatcherPrivate()
    : epoll(epoll_create1(EPOLL_CLOEXEC)), wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (epoll < 0 || wake < 0)
        qFatal("EpollEventDispatcher: cannot create the epoll and eventfd descriptors");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake;
    epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event);
}

EpollEventDispatcherPrivate::~EpollEventDispatcherPrivate()
{
    ::close(wake);
    ::close(epoll);
}

qint64 EpollEventDispatcherPrivate::nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

void EpollEventDispatcherPrivate::updateEpoll(int fd, quint32 oldMask, quint32 newMask)
{
    epoll_event event{};
    event.events = newMask;
    event.data.fd = fd;
    if (newMask == 0) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event);
    } else if (oldMask == 0) {
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST)
            epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event);
    } else if (epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
        // The descriptor was closed and its number reused without unregistering first.
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
    }
}

int EpollEventDispatcherPrivate::waitTimeoutMs() const
{
    if (deadlines.empty())
        return -1;
    const qint64 left = deadlines.begin()->first - nowUs();
    return left <= 0 ? 0 : int((left + 999) / 1000);
}

bool EpollEventDispatcherPrivate::activateSocketNotifiers(const epoll_event *events, int count)
{
    // Snapshot first: one handler may close a socket whose descriptor number a
    // new socket reuses within this same batch.
    struct Ready
    {
        int fd;
        quint32 events;
        Notifiers notifiers;
    };
    std::vector<Ready> ready;
    ready.reserve(std::size_t(count));
    bool processed = false;
    for (int i = 0; i < count; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake)
            continue; // drained by processEvents()
        const auto it = notifiers.find(fd);
        if (it != notifiers.end())
            ready.push_back({fd, events[i].events, it->second});
    }
    // An earlier handler may have deleted a notifier (its destructor
    // unregisters it): check the registration before activating one.
    const auto activate = [&](int fd, QSocketNotifier *notifier, QSocketNotifier *Notifiers::*slot) {
        if (!notifier)
            return;
        const auto it = notifiers.find(fd);
        if (it == notifiers.end() || it->second.*slot != notifier)
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        processed = true;
    };
    for (const Ready &r : ready) {
        if (r.events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            activate(r.fd, r.notifiers.read, &Notifiers::read);
        if (r.events & (EPOLLOUT | EPOLLERR))
            activate(r.fd, r.notifiers.write, &Notifiers::write);
        if (r.events & EPOLLPRI)
            activate(r.fd, r.notifiers.exception, &Notifiers::exception);
    }
    return processed;
}

bool EpollEventDispatcherPrivate::activateTimers()
{
    const qint64 now = nowUs();
    std::vector<int> due;
    for (auto it = deadlines.begin(); it != deadlines.end() && it->first <= now; ++it)
        due.push_back(it->second);
    for (int id : due) {
        const auto it = timers.find(id);
        if (it == timers.end() || it->second.deadlineUs > now)
            continue; // killed or restarted by an earlier timer's handler
        Timer &timer = it->second;
        deadlines.erase({timer.deadlineUs, id});
        qint64 next = timer.deadlineUs + timer.intervalMs * 1000;
        if (next <= now)
            next = now + timer.intervalMs * 1000;
        timer.deadlineUs = next;
        deadlines.insert({next, id});
        QTimerEvent event(id);
        QCoreApplication::sendEvent(timer.object, &event);
    }
    return !due.empty();
}

/*! Creates the dispatcher with \a parent. */
EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent), d_ptr(std::make_unique<EpollEventDispatcherPrivate>())
{}

EpollEventDispatcher::~EpollEventDispatcher() = default;

/*! \reimp */
bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    Q_D(EpollEventDispatcher);
    d->interrupted = false;
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();
    if (d->interrupted)
        return false;

    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    if (canWait)
        Q_EMIT aboutToBlock();
    constexpr int MaxEvents = 512;
    epoll_event events[MaxEvents];
    int ready;
    do {
        ready = epoll_wait(d->epoll, events, MaxEvents, canWait ? d->waitTimeoutMs() : 0);
    } while (ready < 0 && errno == EINTR);
    Q_EMIT awake();

    bool processed = false;
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.fd != d->wake)
            continue;
        // Woken by wakeUp(): most often an event posted from another thread.
        // Deliver it in this pass, since the wakeup is now used up.
        quint64 value;
        [[maybe_unused]] const ssize_t got = ::read(d->wake, &value, sizeof value);
        QCoreApplication::sendPostedEvents();
        processed = true;
        break;
    }
    if (ready > 0 && !flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
        processed = d->activateSocketNotifiers(events, ready) || processed;
    if (d->activateTimers())
        processed = true;
    return processed;
}

/*! \reimp */
void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    Q_D(EpollEventDispatcher);
    const int fd = int(notifier->socket());
    auto &entry = d->notifiers[fd];
    const quint32 oldMask = entry.mask();
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        entry.read = notifier;
        break;
    case QSocketNotifier::Write:
        entry.write = notifier;
        break;
    case QSocketNotifier::Exception:
        entry.exception = notifier;
        break;
    }
    d->updateEpoll(fd, oldMask, entry.mask());
}

/*! \reimp */
void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    Q_D(EpollEventDispatcher);
    const int fd = int(notifier->socket());
    const auto it = d->notifiers.find(fd);
    if (it == d->notifiers.end())
        return;
    auto &entry = it->second;
    const quint32 oldMask = entry.mask();
    for (QSocketNotifier **slot : {&entry.read, &entry.write, &entry.exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    const quint32 newMask = entry.mask();
    if (newMask != oldMask)
        d->updateEpoll(fd, oldMask, newMask);
    if (newMask == 0)
        d->notifiers.erase(it);
}

/*! \reimp */
void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Q_D(EpollEventDispatcher);
    const qint64 deadline = d->nowUs() + interval * 1000;
    d->timers[timerId] = {interval, timerType, object, deadline};
    d->deadlines.insert({deadline, timerId});
}

/*! \reimp */
bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    Q_D(EpollEventDispatcher);
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return false;
    d->deadlines.erase({it->second.deadlineUs, timerId});
    d->timers.erase(it);
    return true;
}

/*! \reimp */
bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    Q_D(EpollEventDispatcher);
    bool any = false;
    for (auto it = d->timers.begin(); it != d->timers.end();) {
        if (it->second.object == object) {
            d->deadlines.erase({it->second.deadlineUs, it->first});
            it = d->timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

/*! \reimp */
QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    Q_D(const EpollEventDispatcher);
    QList<TimerInfo> found;
    for (const auto &[id, timer] : d->timers) {
        if (timer.object == object)
            found.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return found;
}

/*! \reimp */
int EpollEventDispatcher::remainingTime(int timerId)
{
    Q_D(EpollEventDispatcher);
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return -1;
    return int(qMax<qint64>(0, (it->second.deadlineUs - d->nowUs() + 999) / 1000));
}

/*! \reimp */
void EpollEventDispatcher::wakeUp()
{
    Q_D(EpollEventDispatcher);
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t written = ::write(d->wake, &one, sizeof one);
}

/*! \reimp */
void EpollEventDispatcher::interrupt()
{
    Q_D(EpollEventDispatcher);
    d->interrupted = true;
    wakeUp();
}

} // namespace SocketIo

#endif // Q_OS_LINUX
