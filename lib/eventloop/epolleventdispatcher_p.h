// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_EPOLLEVENTDISPATCHER_P_H
#define SOCKETIO_EPOLLEVENTDISPATCHER_P_H

#include <SocketIo/epolleventdispatcher.h>

#include <atomic>
#include <set>
#include <unordered_map>
#include <utility>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

struct epoll_event;

namespace SocketIo {

class EpollEventDispatcherPrivate
{
public:
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 mask() const;
    };
    struct Timer
    {
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 deadlineUs;
    };

    EpollEventDispatcherPrivate();
    ~EpollEventDispatcherPrivate();

    static qint64 nowUs();
    void updateEpoll(int fd, quint32 oldMask, quint32 newMask);
    int waitTimeoutMs() const;
    bool activateSocketNotifiers(const ::epoll_event *events, int count);
    bool activateTimers();

    int epoll = -1;
    int wake = -1; // an eventfd: wakeUp() from any thread
    std::atomic<bool> interrupted{false};
    std::unordered_map<int, Notifiers> notifiers; // by descriptor
    std::unordered_map<int, Timer> timers;        // by timer id
    std::set<std::pair<qint64, int>> deadlines;   // (deadline in µs, timer id), soonest first
};

} // namespace SocketIo

#endif // SOCKETIO_EPOLLEVENTDISPATCHER_P_H
