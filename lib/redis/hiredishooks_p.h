// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_HIREDISHOOKS_P_H
#define SOCKETIO_HIREDISHOOKS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/qglobal.h>

#include <functional>

struct redisAsyncContext;

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace SocketIo::Redis {

// hiredis' event-library hooks (ev.addRead, delRead, addWrite, delWrite, cleanup) on the Qt event
// loop of the calling thread: two QSocketNotifiers on the context's socket, enabled and disabled
// as hiredis asks. Written here rather than taken from hiredis' adapters/qt.h; see hiredishooks.cpp.
class HiredisHooks
{
public:
    using Handler = std::function<void()>;

    // Installs the hooks on ac, whose socket exists (right after redisAsyncConnect) and before
    // redisAsyncSetConnectCallback, which asks for the first write event. From then on the hooks
    // belong to ac: hiredis' cleanup hook deletes them, just before it frees the context.
    static void attach(redisAsyncContext *ac, Handler onReadable, Handler onWritable);

    HiredisHooks(const HiredisHooks &) = delete;
    HiredisHooks &operator=(const HiredisHooks &) = delete;

private:
    HiredisHooks(int fd, Handler onReadable, Handler onWritable);
    ~HiredisHooks();

    static void addRead(void *hooks);
    static void delRead(void *hooks);
    static void addWrite(void *hooks);
    static void delWrite(void *hooks);
    static void cleanup(void *hooks);

    QSocketNotifier *m_read;
    QSocketNotifier *m_write;
};

// redisAsyncHandleWrite with SIGPIPE held off: hiredis writes with write(2), which raises SIGPIPE
// (and by default ends the process) when Redis has gone away. The signal is blocked on this
// thread for the call and a SIGPIPE it caused is consumed; the process' signal handling is left
// as it was.
void handleWriteWithoutSigpipe(redisAsyncContext *ac);

} // namespace SocketIo::Redis

#endif // SOCKETIO_HIREDISHOOKS_P_H
