#include "epolldispatcher.h"

#include "common.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

quint32 EpollDispatcher::Notifiers::mask() const
{
    return (read ? quint32(EPOLLIN) : 0u) | (write ? quint32(EPOLLOUT) : 0u) | (exception ? quint32(EPOLLPRI) : 0u);
}

EpollDispatcher::EpollDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wake < 0)
        qFatal("loadgen: cannot create epoll or eventfd descriptors");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wake;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event);
}

EpollDispatcher::~EpollDispatcher()
{
    ::close(m_wake);
    ::close(m_epoll);
}

void EpollDispatcher::updateEpoll(int fd, quint32 oldMask, quint32 newMask)
{
    epoll_event event{};
    event.events = newMask;
    event.data.fd = fd;
    if (newMask == 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &event);
    } else if (oldMask == 0) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST)
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
    } else if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }
}

void EpollDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Notifiers &entry = m_notifiers[fd];
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
    updateEpoll(fd, oldMask, entry.mask());
}

void EpollDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    Notifiers &entry = it->second;
    const quint32 oldMask = entry.mask();
    for (QSocketNotifier **slot : {&entry.read, &entry.write, &entry.exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    const quint32 newMask = entry.mask();
    if (newMask != oldMask)
        updateEpoll(fd, oldMask, newMask);
    if (newMask == 0)
        m_notifiers.erase(it);
}

void EpollDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    const qint64 deadline = nowUs() + interval * 1000;
    m_timers[timerId] = Timer{interval, timerType, object, deadline};
    m_deadlines.insert({deadline, timerId});
}

bool EpollDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase({it->second.deadlineUs, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.object == object) {
            m_deadlines.erase({it->second.deadlineUs, it->first});
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (const auto &[id, timer] : m_timers) {
        if (timer.object == object)
            timers.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return timers;
}

int EpollDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    return int(qMax<qint64>(0, (it->second.deadlineUs - nowUs() + 999) / 1000));
}

void EpollDispatcher::wakeUp()
{
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
}

void EpollDispatcher::interrupt()
{
    m_interrupted = true;
    wakeUp();
}

int EpollDispatcher::waitTimeoutMs() const
{
    if (m_deadlines.empty())
        return -1;
    const qint64 left = m_deadlines.begin()->first - nowUs();
    return left <= 0 ? 0 : int((left + 999) / 1000);
}

bool EpollDispatcher::activateTimers()
{
    const qint64 now = nowUs();
    std::vector<int> due;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now; ++it)
        due.push_back(it->second);
    for (int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.deadlineUs > now)
            continue; // killed or restarted by an earlier timer's handler
        Timer &timer = it->second;
        m_deadlines.erase({timer.deadlineUs, id});
        qint64 next = timer.deadlineUs + timer.intervalMs * 1000;
        if (next <= now)
            next = now + timer.intervalMs * 1000;
        timer.deadlineUs = next;
        m_deadlines.insert({next, id});
        QTimerEvent event(id);
        QCoreApplication::sendEvent(timer.object, &event);
    }
    return !due.empty();
}

bool EpollDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted = false;
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();
    if (m_interrupted)
        return false;

    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    if (canWait)
        Q_EMIT aboutToBlock();
    constexpr int MaxEvents = 512;
    epoll_event events[MaxEvents];
    const int ready = epoll_wait(m_epoll, events, MaxEvents, canWait ? waitTimeoutMs() : 0);
    Q_EMIT awake();

    // Snapshot the notifiers first: one handler may close a socket whose descriptor number a
    // new socket then reuses within this same batch.
    struct Pending
    {
        int fd;
        quint32 events;
        QSocketNotifier *read;
        QSocketNotifier *write;
        QSocketNotifier *exception;
    };
    std::vector<Pending> pending;
    pending.reserve(std::size_t(qMax(ready, 0)));
    bool processed = false;
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            quint64 count;
            [[maybe_unused]] const ssize_t got = ::read(m_wake, &count, sizeof count);
            processed = true;
            continue;
        }
        const auto it = m_notifiers.find(fd);
        if (it != m_notifiers.end())
            pending.push_back({fd, events[i].events, it->second.read, it->second.write, it->second.exception});
    }
    // An earlier handler may have deleted a notifier (its destructor unregisters it): compare
    // pointers with the registration before touching one.
    const auto activate = [&](int fd, QSocketNotifier *notifier, QSocketNotifier *Notifiers::*slot) {
        if (!notifier)
            return;
        const auto it = m_notifiers.find(fd);
        if (it == m_notifiers.end() || it->second.*slot != notifier)
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        processed = true;
    };
    for (const Pending &p : pending) {
        if (p.events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            activate(p.fd, p.read, &Notifiers::read);
        if (p.events & (EPOLLOUT | EPOLLERR))
            activate(p.fd, p.write, &Notifiers::write);
        if (p.events & EPOLLPRI)
            activate(p.fd, p.exception, &Notifiers::exception);
    }
    if (activateTimers())
        processed = true;
    return processed;
}
