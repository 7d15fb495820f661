// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLVALUE_P_H
#define SOCKETIO_QMLVALUE_P_H

#include <SocketIo/ack.h>

#include <QtCore/QLoggingCategory>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariant>
#include <QtQml/QJSValue>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

namespace SocketIo::Qml {

Q_DECLARE_LOGGING_CATEGORY(lcQml)

// JavaScript values <-> the library's values. Objects become QVariantMap, arrays
// QVariantList, ArrayBuffer and typed arrays QByteArray (binary), null and
// undefined nullptr; back the other way QByteArray becomes an ArrayBuffer.
QVariant toVariant(const QJSValue &value);
QJSValue toScriptValue(QJSEngine *engine, const QVariant &value);
QJSValue toScriptArray(QJSEngine *engine, const QVariantList &values);
QStringList toStringList(const QJSValue &value); // a string or an array of strings

// The arguments of a variadic call from JavaScript: emitEvent(event, a, b, ..., [ack]).
// Trailing undefined values are dropped (JavaScript callers cannot be told apart
// from omitted ones); a function as the last argument is the acknowledgement callback.
struct EmitArguments
{
    QVariantList args;
    QJSValue callback; // undefined when there is none
};
EmitArguments emitArguments(std::initializer_list<QJSValue> values);

// Calls a JavaScript function and logs an exception it throws.
QJSValue callFunction(QJSValue function, const QJSValueList &args, const QObject *where);

// A JavaScript function that calls a native acknowledgement: ack(a, b, ...).
QJSValue ackFunction(QJSEngine *engine, const Ack &ack);
// A JavaScript function for a middleware: next() accepts, next(err) refuses with
// err.message and err.data.
QJSValue nextFunction(QJSEngine *engine, const Next &next);

// A pending Promise and the functions that settle it.
struct Deferred
{
    QJSValue promise;
    QJSValue resolve;
    QJSValue reject;
};
Deferred makeDeferred(QJSEngine *engine);

// The native AckCallback that settles a JS callback the way socket.io does:
// callback(...responses) without a timeout, callback(err, ...responses) with one.
AckCallback ackCallbackFor(QJSEngine *engine, const QJSValue &callback, bool withError, bool broadcast,
                           const QObject *where);
// The native AckCallback that settles a deferred: resolve(first response) (or the
// list of responses for a broadcast), reject(Error) on timeout.
AckCallback ackCallbackFor(QJSEngine *engine, const Deferred &deferred, bool broadcast);

// Native objects behind ackFunction() and nextFunction().
class QmlAck : public QObject
{
    Q_OBJECT
public:
    explicit QmlAck(const Ack &ack) : m_ack(ack) {}
    Q_INVOKABLE bool send(const QJSValue &a0 = {}, const QJSValue &a1 = {}, const QJSValue &a2 = {},
                          const QJSValue &a3 = {}, const QJSValue &a4 = {}, const QJSValue &a5 = {},
                          const QJSValue &a6 = {}, const QJSValue &a7 = {}, const QJSValue &a8 = {},
                          const QJSValue &a9 = {});

private:
    Ack m_ack;
};

class QmlNext : public QObject
{
    Q_OBJECT
public:
    explicit QmlNext(const Next &next) : m_next(next) {}
    Q_INVOKABLE void done(const QJSValue &error = {});

private:
    Next m_next;
};

// The executor of a Promise built from C++: keeps resolve and reject.
class QmlDeferredCapture : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void capture(const QJSValue &resolve, const QJSValue &reject);
    QJSValue m_resolve;
    QJSValue m_reject;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLVALUE_P_H
