// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlvalue_p.h"

#include <QtCore/QDateTime>
#include <QtQml/QJSEngine>
#include <QtQml/QJSValueIterator>

#include <cmath>

namespace SocketIo::Qml {

Q_LOGGING_CATEGORY(lcQml, "socketio.qml")

namespace {

constexpr double MaxSafeInteger = 9007199254740991.0; // 2^53 - 1

QVariant nullValue()
{
    return QVariant::fromValue(nullptr);
}

// ArrayBuffer, or a typed array / DataView over one: the bytes it shows.
bool toBinary(const QJSValue &value, QByteArray *bytes)
{
    if (!value.property(QStringLiteral("byteLength")).isNumber())
        return false;
    const QVariant direct = value.toVariant();
    if (direct.metaType() == QMetaType::fromType<QByteArray>()) {
        *bytes = direct.toByteArray();
        return true;
    }
    const QJSValue buffer = value.property(QStringLiteral("buffer"));
    if (!buffer.isObject())
        return false;
    const QVariant whole = buffer.toVariant();
    if (whole.metaType() != QMetaType::fromType<QByteArray>())
        return false;
    const QByteArray all = whole.toByteArray();
    const qsizetype offset = qsizetype(value.property(QStringLiteral("byteOffset")).toNumber());
    const qsizetype length = qsizetype(value.property(QStringLiteral("byteLength")).toNumber());
    if (offset < 0 || length < 0 || offset > all.size() || length > all.size() - offset)
        return false;
    *bytes = all.mid(offset, length);
    return true;
}

QVariant numberToVariant(double number)
{
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) <= MaxSafeInteger)
        return QVariant(qint64(number));
    return QVariant(number);
}

} // namespace

QVariant toVariant(const QJSValue &value)
{
    if (value.isUndefined() || value.isNull() || value.isCallable())
        return nullValue();
    if (value.isBool())
        return value.toBool();
    if (value.isNumber())
        return numberToVariant(value.toNumber());
    if (value.isString())
        return value.toString();
    if (value.isDate())
        return value.toDateTime();
    if (value.isArray()) {
        const int length = value.property(QStringLiteral("length")).toInt();
        QVariantList list;
        list.reserve(length);
        for (int i = 0; i < length; ++i)
            list.append(toVariant(value.property(quint32(i))));
        return list;
    }
    if (value.isQObject()) {
        // A SocketIo object passed back (a socket, say): its id stands for it.
        const QObject *object = value.toQObject();
        const QVariant id = object ? object->property("id") : QVariant();
        return id.isValid() ? id : nullValue();
    }
    if (value.isObject()) {
        QByteArray bytes;
        if (toBinary(value, &bytes))
            return bytes;
        if (value.property(QStringLiteral("length")).isNumber()) {
            // A sequence property of a C++ object (a QStringList, say) is array-like, not an Array.
            const QVariant sequence = value.toVariant();
            if (sequence.metaType() == QMetaType::fromType<QStringList>()
                || sequence.metaType() == QMetaType::fromType<QVariantList>())
                return sequence.toList();
        }
        QVariantMap map;
        QJSValueIterator it(value);
        while (it.hasNext()) {
            it.next();
            const QJSValue member = it.value();
            if (member.isUndefined() || member.isCallable())
                continue; // as JSON.stringify leaves them out
            map.insert(it.name(), toVariant(member));
        }
        return map;
    }
    return nullValue();
}

QJSValue toScriptArray(QJSEngine *engine, const QVariantList &values)
{
    QJSValue array = engine->newArray(uint(values.size()));
    for (qsizetype i = 0; i < values.size(); ++i)
        array.setProperty(quint32(i), toScriptValue(engine, values.at(i)));
    return array;
}

QJSValue toScriptValue(QJSEngine *engine, const QVariant &value)
{
    if (!value.isValid())
        return QJSValue(QJSValue::NullValue);
    switch (value.metaType().id()) {
    case QMetaType::Nullptr:
        return QJSValue(QJSValue::NullValue);
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        QJSValue object = engine->newObject();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.setProperty(it.key(), toScriptValue(engine, it.value()));
        return object;
    }
    case QMetaType::QVariantHash: {
        const QVariantHash hash = value.toHash();
        QJSValue object = engine->newObject();
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            object.setProperty(it.key(), toScriptValue(engine, it.value()));
        return object;
    }
    case QMetaType::QVariantList:
        return toScriptArray(engine, value.toList());
    case QMetaType::QStringList: {
        const QStringList strings = value.toStringList();
        QJSValue array = engine->newArray(uint(strings.size()));
        for (qsizetype i = 0; i < strings.size(); ++i)
            array.setProperty(quint32(i), strings.at(i));
        return array;
    }
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::UInt:
        return QJSValue(value.toDouble());
    default:
        return engine->toScriptValue(value);
    }
}

QStringList toStringList(const QJSValue &value)
{
    if (value.isArray()) {
        QStringList list;
        const int length = value.property(QStringLiteral("length")).toInt();
        for (int i = 0; i < length; ++i)
            list.append(value.property(quint32(i)).toString());
        return list;
    }
    if (value.isUndefined() || value.isNull())
        return {};
    return {value.toString()};
}

EmitArguments emitArguments(std::initializer_list<QJSValue> values)
{
    QList<QJSValue> list(values.begin(), values.end());
    while (!list.isEmpty() && list.constLast().isUndefined())
        list.removeLast();
    EmitArguments result;
    if (!list.isEmpty() && list.constLast().isCallable())
        result.callback = list.takeLast();
    result.args.reserve(list.size());
    for (const QJSValue &value : std::as_const(list))
        result.args.append(toVariant(value));
    return result;
}

QJSValue callFunction(QJSValue function, const QJSValueList &args, const QObject *where)
{
    if (!function.isCallable())
        return {};
    QJSValue result = function.call(args);
    if (result.isError()) {
        qCWarning(lcQml).noquote() << QStringLiteral("%1: uncaught %2 in a handler: %3 (%4:%5)")
                                              .arg(where ? QString::fromLatin1(where->metaObject()->className())
                                                         : QStringLiteral("SocketIo"),
                                                   result.property(QStringLiteral("name")).toString(),
                                                   result.property(QStringLiteral("message")).toString(),
                                                   result.property(QStringLiteral("fileName")).toString(),
                                                   result.property(QStringLiteral("lineNumber")).toString());
    }
    return result;
}

// ack(a, b, ...): the method of a JS-owned QmlAck, which stays alive as long as
// JavaScript holds the function.
QJSValue ackFunction(QJSEngine *engine, const Ack &ack)
{
    if (!engine || !ack.isValid())
        return {};
    return engine->newQObject(new QmlAck(ack)).property(QStringLiteral("send"));
}

QJSValue nextFunction(QJSEngine *engine, const Next &next)
{
    if (!engine)
        return {};
    return engine->newQObject(new QmlNext(next)).property(QStringLiteral("done"));
}

bool QmlAck::send(const QJSValue &a0, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4,
                  const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    return m_ack.send(emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9}).args);
}

void QmlNext::done(const QJSValue &error)
{
    if (m_next.isAnswered())
        return;
    if (error.isUndefined() || error.isNull()) {
        m_next.accept();
        return;
    }
    const QJSValue message = error.property(QStringLiteral("message"));
    const QString text = message.isString() ? message.toString() : error.toString();
    const QJSValue data = error.property(QStringLiteral("data"));
    m_next.reject(text, data.isUndefined() ? QVariant() : toVariant(data));
}

void QmlDeferredCapture::capture(const QJSValue &resolve, const QJSValue &reject)
{
    m_resolve = resolve;
    m_reject = reject;
}

Deferred makeDeferred(QJSEngine *engine)
{
    QmlDeferredCapture capture;
    QJSEngine::setObjectOwnership(&capture, QJSEngine::CppOwnership);
    QJSValue executor = engine->newQObject(&capture).property(QStringLiteral("capture"));
    const QJSValue promiseType = engine->globalObject().property(QStringLiteral("Promise"));
    Deferred deferred;
    deferred.promise = promiseType.callAsConstructor({executor});
    deferred.resolve = capture.m_resolve;
    deferred.reject = capture.m_reject;
    return deferred;
}

namespace {

QJSValue errorValue(QJSEngine *engine, const QVariant &error)
{
    return engine->newErrorObject(QJSValue::GenericError, error.toString());
}

} // namespace

AckCallback ackCallbackFor(QJSEngine *engine, const QJSValue &callback, bool withError, bool broadcast,
                           const QObject *where)
{
    QPointer<QJSEngine> guard(engine);
    QPointer<const QObject> origin(where);
    return [guard, callback, withError, broadcast, origin](const QVariant &error, const QVariantList &args) {
        if (!guard)
            return;
        QJSValueList jsArgs;
        if (withError)
            jsArgs.append(error.isNull() ? QJSValue(QJSValue::NullValue) : errorValue(guard, error));
        if (broadcast) {
            jsArgs.append(toScriptArray(guard, args));
        } else {
            for (const QVariant &arg : args)
                jsArgs.append(toScriptValue(guard, arg));
        }
        callFunction(callback, jsArgs, origin);
    };
}

AckCallback ackCallbackFor(QJSEngine *engine, const Deferred &deferred, bool broadcast)
{
    QPointer<QJSEngine> guard(engine);
    return [guard, deferred, broadcast](const QVariant &error, const QVariantList &args) {
        if (!guard)
            return;
        if (!error.isNull()) {
            QJSValue(deferred.reject).call({errorValue(guard, error)});
            return;
        }
        const QJSValue value = broadcast ? toScriptArray(guard, args)
                                         : (args.isEmpty() ? QJSValue() : toScriptValue(guard, args.first()));
        QJSValue(deferred.resolve).call({value});
    };
}

} // namespace SocketIo::Qml
