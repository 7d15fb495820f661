// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlemitter_p.h"

#include "qmlsocket_p.h"
#include "qmlvalue_p.h"

#include <QtQml/QJSEngine>

namespace SocketIo::Qml {

QmlEmitter::QmlEmitter(QJSEngine *engine, Target target, bool withTimeout)
    : m_engine(engine), m_target(std::move(target)), m_withTimeout(withTimeout)
{}

QmlEmitter *QmlEmitter::timeout(int milliseconds) const
{
    const std::chrono::milliseconds ms(milliseconds);
    return std::visit([this, ms](const auto &emitter) { return new QmlEmitter(m_engine, emitter.timeout(ms), true); },
                      m_target);
}

QmlEmitter *QmlEmitter::asVolatile() const
{
    if (const auto *emitter = std::get_if<SocketEmitter>(&m_target))
        return new QmlEmitter(m_engine, emitter->asVolatile(), m_withTimeout);
    const auto &client = std::get<ClientSocketEmitter>(m_target);
    return new QmlEmitter(m_engine, client.asVolatile(), m_withTimeout);
}

QmlEmitter *QmlEmitter::compress(bool compress) const
{
    if (const auto *emitter = std::get_if<SocketEmitter>(&m_target))
        return new QmlEmitter(m_engine, emitter->compress(compress), m_withTimeout);
    return new QmlEmitter(m_engine, m_target, m_withTimeout); // the client always lets the transport decide
}

bool QmlEmitter::emitEvent(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                           const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                           const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    return std::visit(
            [&](const auto &emitter) {
                if (!call.callback.isCallable())
                    return emitter.emitEvent(event, call.args);
                return emitter.emitWithAck(event, call.args, m_engine.data(),
                                           ackCallbackFor(m_engine, call.callback, m_withTimeout, false, this));
            },
            m_target);
}

QJSValue QmlEmitter::emitWithAck(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                                 const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                                 const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_engine)
        return {};
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    const Deferred deferred = makeDeferred(m_engine);
    const bool sent = std::visit(
            [&](const auto &emitter) {
                return emitter.emitWithAck(event, call.args, m_engine.data(),
                                           ackCallbackFor(m_engine, deferred, false));
            },
            m_target);
    if (!sent)
        QJSValue(deferred.reject)
                .call({m_engine->newErrorObject(QJSValue::GenericError, QStringLiteral("the event was not sent"))});
    return deferred.promise;
}

QmlBroadcast::QmlBroadcast(QJSEngine *engine, const BroadcastOperator &op) : m_engine(engine), m_op(op) {}

QmlBroadcast *QmlBroadcast::to(const QJSValue &rooms) const
{
    return new QmlBroadcast(m_engine, m_op.to(toStringList(rooms)));
}

QmlBroadcast *QmlBroadcast::except(const QJSValue &rooms) const
{
    return new QmlBroadcast(m_engine, m_op.except(toStringList(rooms)));
}

QmlBroadcast *QmlBroadcast::timeout(int milliseconds) const
{
    return new QmlBroadcast(m_engine, m_op.timeout(std::chrono::milliseconds(milliseconds)));
}

QmlBroadcast *QmlBroadcast::asVolatile() const
{
    return new QmlBroadcast(m_engine, m_op.asVolatile());
}

QmlBroadcast *QmlBroadcast::local() const
{
    return new QmlBroadcast(m_engine, m_op.local());
}

QmlBroadcast *QmlBroadcast::compress(bool compress) const
{
    return new QmlBroadcast(m_engine, m_op.compress(compress));
}

bool QmlBroadcast::emitEvent(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                             const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                             const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    if (!call.callback.isCallable())
        return m_op.emitEvent(event, call.args);
    // As in socket.io: a broadcast's callback always gets (err, responses).
    return m_op.emitWithAck(event, call.args, m_engine.data(),
                            ackCallbackFor(m_engine, call.callback, true, true, this));
}

QJSValue QmlBroadcast::emitWithAck(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                                   const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                                   const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_engine)
        return {};
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    const Deferred deferred = makeDeferred(m_engine);
    if (!m_op.emitWithAck(event, call.args, m_engine.data(), ackCallbackFor(m_engine, deferred, true)))
        QJSValue(deferred.reject)
                .call({m_engine->newErrorObject(QJSValue::GenericError, QStringLiteral("the event was not sent"))});
    return deferred.promise;
}

QJSValue QmlBroadcast::socketArray(QJSEngine *engine, const QList<Socket *> &sockets)
{
    if (!engine)
        return {};
    QJSValue array = engine->newArray(uint(sockets.size()));
    for (qsizetype i = 0; i < sockets.size(); ++i)
        array.setProperty(quint32(i), engine->newQObject(QmlSocket::wrap(sockets.at(i), engine)));
    return array;
}

QJSValue QmlBroadcast::fetchSockets() const
{
    return socketArray(m_engine, m_op.fetchSockets());
}

void QmlBroadcast::socketsJoin(const QJSValue &rooms) const
{
    m_op.socketsJoin(toStringList(rooms));
}

void QmlBroadcast::socketsLeave(const QJSValue &rooms) const
{
    m_op.socketsLeave(toStringList(rooms));
}

void QmlBroadcast::disconnectSockets(bool close) const
{
    m_op.disconnectSockets(close);
}

} // namespace SocketIo::Qml
