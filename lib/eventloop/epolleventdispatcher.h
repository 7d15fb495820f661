// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_EPOLLEVENTDISPATCHER_H
#define SOCKETIO_EPOLLEVENTDISPATCHER_H

#include <SocketIo/socketio_eventloop_export.h>

#include <QtCore/QAbstractEventDispatcher>

#include <memory>

#if defined(Q_OS_LINUX) || defined(Q_QDOC)

namespace SocketIo {

class EpollEventDispatcherPrivate;

class SOCKETIO_EVENTLOOP_EXPORT EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY(EpollEventDispatcher)
    Q_DECLARE_PRIVATE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    std::unique_ptr<EpollEventDispatcherPrivate> d_ptr;
};

} // namespace SocketIo

#endif // Q_OS_LINUX

#endif // SOCKETIO_EPOLLEVENTDISPATCHER_H
