// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_FDPOLLER_P_H
#define SOCKETIO_FDPOLLER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/qglobal.h>

#ifdef Q_OS_LINUX

#include <QtCore/QList>

namespace SocketIo::Eio {

// The descriptors the server serves itself (WebSocket connections after their handshake, and
// connections being closed), in one epoll set per thread. Qt's event loop sees only the epoll
// descriptor, behind one socket notifier: a wakeup then costs in proportion to the connections
// that are ready, whatever the event dispatcher (Qt's poll() one, glib's, a QGuiApplication's),
// instead of in proportion to all connections.
//
// Level-triggered, like a socket notifier: a watcher is told again while its descriptor stays
// ready. A watcher may add, change and remove watches (its own and others') while it is told:
// a removed watch is not told any more, even within the batch being delivered.
class FdPoller
{
public:
    enum Event : quint32 {
        Readable = 0x1,
        Writable = 0x2,
        Deferred = 0x4, // asked for by defer(), from the event loop
    };

    class Watcher
    {
    public:
        virtual ~Watcher();
        virtual void onFdEvent(Event event) = 0;
    };

    // A watch of one descriptor; 0 is none.
    using Handle = quint64;

    // The poller of the calling thread, made on first use and kept while it has watches.
    static FdPoller *forThisThread();

    // Watches fd for \a events (Readable and/or Writable; none is allowed). Returns 0 when the
    // kernel refuses (the caller then has nothing to undo).
    Handle add(int fd, quint32 events, Watcher *watcher);
    // What fd is watched for from now on.
    void modify(Handle handle, quint32 events);
    // The watch ends before this returns: call it before the descriptor is closed.
    void remove(Handle handle);
    // Tells the watcher Deferred on a later pass of the event loop, unless the watch ends first.
    void defer(Handle handle);

    int watchCount() const { return m_live; }

private:
    FdPoller();
    ~FdPoller();
    Q_DISABLE_COPY_MOVE(FdPoller)

    struct Slot
    {
        Watcher *watcher = nullptr;
        int fd = -1;
        quint32 generation = 0;
        quint32 events = 0; // the events fd is in the epoll set for (0: not in it)
    };
    class Notifier;

    Slot *slotOf(Handle handle);
    bool apply(Slot &slot, quint32 events);
    void onReady();
    void runDeferred();
    void releaseIfUnused();

    int m_epoll = -1;
    Notifier *m_notifier = nullptr;
    QList<Slot> m_slots;
    QList<quint32> m_free;    // unused slot indexes
    QList<Handle> m_deferred; // told Deferred on the next pass
    bool m_deferPosted = false;
    int m_live = 0;
    int m_delivering = 0; // nesting depth of onReady()/runDeferred()
};

} // namespace SocketIo::Eio

#endif // Q_OS_LINUX

#endif // SOCKETIO_FDPOLLER_P_H
