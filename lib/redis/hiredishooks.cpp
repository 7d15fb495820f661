// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "hiredishooks_p.h"

#include <QtCore/QSocketNotifier>

#include <hiredis/async.h>

#include <cerrno>
#include <csignal>
#include <ctime>

#include <pthread.h>

// Why not hiredis' own adapters/qt.h (hiredis 0.14.1, Debian 12)?
// - It declares its receiver with the `slots` keyword, which does not compile with QT_NO_KEYWORDS,
//   and it is a Q_OBJECT class in a system header, which AUTOMOC does not run moc on.
// - It connects with the string-based SIGNAL(activated(int)). Qt 6.4 still resolves that through
//   a compatibility signal, but Qt marks it for removal and a typo or removal would only show as a
//   run-time warning; here the connection is checked at compile time.
// - It creates a notifier on every addRead/addWrite and deletes it on every delRead/delWrite,
//   including from inside that notifier's own activation. Here both notifiers live as long as the
//   context and are only enabled and disabled.
// - Nothing in it keeps a SIGPIPE from ending the process (see handleWriteWithoutSigpipe).

namespace SocketIo::Redis {

namespace {
// Notifier activations under way on this thread: notifiers are then deleted later, never while
// one of them may be emitting.
thread_local int activationDepth = 0;

struct ActivationScope
{
    ActivationScope() { ++activationDepth; }
    ~ActivationScope() { --activationDepth; }
    ActivationScope(const ActivationScope &) = delete;
    ActivationScope &operator=(const ActivationScope &) = delete;
};

QSocketNotifier *makeNotifier(int fd, QSocketNotifier::Type type, HiredisHooks::Handler handler)
{
    auto *notifier = new QSocketNotifier(fd, type);
    notifier->setEnabled(false);
    // The handler lives in the connection's slot object, which Qt keeps alive during the call even
    // when the handler's work ends with this notifier being retired.
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [handler = std::move(handler)] {
        const ActivationScope scope;
        handler();
    });
    return notifier;
}

void retire(QSocketNotifier *notifier)
{
    notifier->setEnabled(false);
    QObject::disconnect(notifier, nullptr, nullptr, nullptr);
    if (activationDepth > 0)
        notifier->deleteLater();
    else
        delete notifier;
}
} // namespace

void HiredisHooks::attach(redisAsyncContext *ac, Handler onReadable, Handler onWritable)
{
    auto *hooks = new HiredisHooks(ac->c.fd, std::move(onReadable), std::move(onWritable));
    ac->ev.data = hooks;
    ac->ev.addRead = &HiredisHooks::addRead;
    ac->ev.delRead = &HiredisHooks::delRead;
    ac->ev.addWrite = &HiredisHooks::addWrite;
    ac->ev.delWrite = &HiredisHooks::delWrite;
    ac->ev.cleanup = &HiredisHooks::cleanup;
}

HiredisHooks::HiredisHooks(int fd, Handler onReadable, Handler onWritable)
    : m_read(makeNotifier(fd, QSocketNotifier::Read, std::move(onReadable))),
      m_write(makeNotifier(fd, QSocketNotifier::Write, std::move(onWritable)))
{}

HiredisHooks::~HiredisHooks()
{
    retire(m_read);
    retire(m_write);
}

void HiredisHooks::addRead(void *hooks)
{
    static_cast<HiredisHooks *>(hooks)->m_read->setEnabled(true);
}

void HiredisHooks::delRead(void *hooks)
{
    static_cast<HiredisHooks *>(hooks)->m_read->setEnabled(false);
}

void HiredisHooks::addWrite(void *hooks)
{
    static_cast<HiredisHooks *>(hooks)->m_write->setEnabled(true);
}

void HiredisHooks::delWrite(void *hooks)
{
    static_cast<HiredisHooks *>(hooks)->m_write->setEnabled(false);
}

// hiredis calls this once, while freeing the context and before it closes the socket.
void HiredisHooks::cleanup(void *hooks)
{
    delete static_cast<HiredisHooks *>(hooks);
}

void handleWriteWithoutSigpipe(redisAsyncContext *ac)
{
    sigset_t pipeSet;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    const bool alreadyPending = sigismember(&pending, SIGPIPE) == 1;
    sigset_t previousMask;
    pthread_sigmask(SIG_BLOCK, &pipeSet, &previousMask);

    redisAsyncHandleWrite(ac);

    if (!alreadyPending) {
        sigemptyset(&pending);
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1) {
            const timespec zero = {0, 0};
            while (sigtimedwait(&pipeSet, nullptr, &zero) == -1 && errno == EINTR) {}
        }
    }
    pthread_sigmask(SIG_SETMASK, &previousMask, nullptr);
}

} // namespace SocketIo::Redis
