// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "siojson_p.h"

#include <QtCore/QAssociativeIterable>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QSequentialIterable>
#include <QtCore/QStringList>

#include <algorithm>
#include <charconv>
#include <cmath>

// The JSON writer of the Socket.IO packet encoder. It writes a QVariant tree
// byte for byte as JSON.stringify writes the equivalent JavaScript value, so a
// packet encoded here reads the same as one encoded by Node's socket.io-parser:
// numbers follow Number::toString, strings are escaped exactly as
// JSON.stringify escapes them (lone surrogates included), and object keys come
// in the container's order.
//
// QJsonDocument is not used for writing: it sorts keys, has its own number
// format and cannot turn binary values into attachment placeholders.

namespace SocketIo::Sio {

namespace {

const char hexDigits[] = "0123456789abcdef";

void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    out += "\\u";
    out += hexDigits[(unit >> 12) & 0xf];
    out += hexDigits[(unit >> 8) & 0xf];
    out += hexDigits[(unit >> 4) & 0xf];
    out += hexDigits[unit & 0xf];
}

// One ASCII character, escaped where JSON.stringify escapes it.
void appendAscii(QByteArray &out, char c)
{
    switch (c) {
    case '"':
        out += "\\\"";
        return;
    case '\\':
        out += "\\\\";
        return;
    case '\b':
        out += "\\b";
        return;
    case '\f':
        out += "\\f";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20)
        appendUnicodeEscape(out, char16_t(c));
    else
        out += c;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
    }
    out += char(0x80 | (cp & 0x3f));
}

void appendString(QByteArray &out, QStringView s)
{
    out += '"';
    const qsizetype size = s.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = s[i].unicode();
        if (unit < 0x80) {
            appendAscii(out, char(unit));
        } else if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(s[i + 1].unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(unit, s[i + 1].unicode()));
            ++i;
        } else if (QChar::isSurrogate(unit)) {
            appendUnicodeEscape(out, unit); // lone surrogate, as ES2019 JSON.stringify
        } else {
            appendUtf8(out, unit);
        }
    }
    out += '"';
}

void appendKeyAndValue(QByteArray &out, bool &first, const QString &key, const QVariant &value,
                       QList<QByteArray> *attachments)
{
    if (!first)
        out += ',';
    first = false;
    appendString(out, key);
    out += ':';
    appendJson(out, value, attachments);
}

void appendMap(QByteArray &out, const QVariantMap &map, QList<QByteArray> *attachments)
{
    out += '{';
    bool first = true;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        appendKeyAndValue(out, first, it.key(), it.value(), attachments);
    out += '}';
}

// A hash has no order of its own: sort the keys so the output is stable.
void appendHash(QByteArray &out, const QVariantHash &hash, QList<QByteArray> *attachments)
{
    QStringList keys = hash.keys();
    keys.sort();
    out += '{';
    bool first = true;
    for (const QString &key : std::as_const(keys))
        appendKeyAndValue(out, first, key, hash.value(key), attachments);
    out += '}';
}

template<typename List>
void appendList(QByteArray &out, const List &list, QList<QByteArray> *attachments)
{
    out += '[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out += ',';
        appendJson(out, QVariant(list.at(i)), attachments);
    }
    out += ']';
}

// Binary without an attachment list: the shape Node's Buffer#toJSON gives.
void appendBuffer(QByteArray &out, const QByteArray &bytes)
{
    out += "{\"type\":\"Buffer\",\"data\":[";
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (i)
            out += ',';
        out += QByteArray::number(static_cast<unsigned char>(bytes.at(i)));
    }
    out += "]}";
}

void appendBinary(QByteArray &out, const QByteArray &bytes, QList<QByteArray> *attachments)
{
    if (!attachments) {
        appendBuffer(out, bytes);
        return;
    }
    out += "{\"_placeholder\":true,\"num\":";
    out += QByteArray::number(attachments->size());
    out += '}';
    attachments->append(bytes);
}

// Date#toJSON: ISO 8601 in UTC with milliseconds, null when invalid.
void appendDateTime(QByteArray &out, const QDateTime &dateTime)
{
    if (!dateTime.isValid()) {
        out += "null";
        return;
    }
    appendString(out, dateTime.toUTC().toString(Qt::ISODateWithMs));
}

// null, booleans, numbers, strings and dates; false for any other type.
bool appendScalar(QByteArray &out, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        out += "null";
        return true;
    case QMetaType::Bool:
        out += value.toBool() ? "true" : "false";
        return true;
    case QMetaType::Int:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Char:
    case QMetaType::SChar:
        out += QByteArray::number(value.toLongLong());
        return true;
    case QMetaType::UInt:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::UChar:
        out += QByteArray::number(value.toULongLong());
        return true;
    case QMetaType::Double:
    case QMetaType::Float:
        appendJsonNumber(out, value.toDouble());
        return true;
    case QMetaType::QString:
    case QMetaType::QChar:
        appendString(out, value.toString());
        return true;
    case QMetaType::QDateTime:
        appendDateTime(out, value.toDateTime());
        return true;
    default:
        return false;
    }
}

// Types with no switch case: containers Qt can iterate, then anything that
// converts to a string, else null (as JSON.stringify writes undefined in arrays).
void appendOther(QByteArray &out, const QVariant &value, QList<QByteArray> *attachments)
{
    if (value.canView<QSequentialIterable>()) {
        appendList(out, value.value<QVariantList>(), attachments);
    } else if (value.canView<QAssociativeIterable>()) {
        appendMap(out, value.value<QVariantMap>(), attachments);
    } else if (value.canConvert<QString>()) {
        appendString(out, value.toString());
    } else {
        out += "null";
    }
}

} // namespace

/*!
    \internal
    Appends \a value to \a out as JavaScript's \c Number::toString writes it,
    which is also what \c JSON.stringify writes: the shortest digits that read
    back as the same double, in fixed notation for magnitudes from 1e-6 up to
    below 1e21 and in exponent notation ("1e+21", "1.5e-7") outside that range.
    Integral values therefore carry no fraction (3.0 is written "3"), negative
    zero is written "0", and NaN and the infinities are written "null".
*/
void appendJsonNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    if (value == 0) {
        out += '0';
        return;
    }
    if (value < 0) {
        out += '-';
        value = -value;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    // buffer holds d[.ddd]e±x: collect the digits and the decimal exponent.
    const char *e = std::find(buffer, result.ptr, 'e');
    QByteArray digits;
    for (const char *p = buffer; p != e; ++p) {
        if (*p != '.')
            digits += *p;
    }
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), result.ptr, exponent);

    const qsizetype k = digits.size();
    const int n = exponent + 1; // value = 0.digits * 10^n
    if (k <= n && n <= 21) {
        out += digits;
        out += QByteArray(n - k, '0');
    } else if (0 < n && n <= 21) {
        out += digits.left(n) + '.' + digits.mid(n);
    } else if (-6 < n && n <= 0) {
        out += "0." + QByteArray(-n, '0') + digits;
    } else {
        out += digits.at(0);
        if (k > 1)
            out += '.' + digits.mid(1);
        out += (n - 1 < 0) ? "e-" : "e+";
        out += QByteArray::number(std::abs(n - 1));
    }
}

/*!
    \internal
    Appends the JSON text of \a value to \a out.

    Maps become objects with their keys in map order (a QVariantHash is
    written with sorted keys), lists and string lists become arrays, and
    strings, booleans and numbers are written as \c JSON.stringify writes them.
    An invalid QVariant and \c nullptr are written as \c null; a QDateTime as
    \c Date#toJSON writes a Date; QJsonValue, QJsonObject, QJsonArray and
    QJsonDocument through their variant form.

    With \a attachments, each QByteArray is replaced by the placeholder
    \c{{"_placeholder":true,"num":i}} and appended to \a attachments, numbered
    in the order the tree is walked (depth first, as socket.io-parser numbers
    them). Without, a QByteArray is written the way Node writes a Buffer,
    \c{{"type":"Buffer","data":[...]}}.
*/
void appendJson(QByteArray &out, const QVariant &value, QList<QByteArray> *attachments)
{
    if (appendScalar(out, value))
        return;
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        appendBinary(out, value.toByteArray(), attachments);
        return;
    case QMetaType::QStringList:
        appendList(out, value.toStringList(), attachments);
        return;
    case QMetaType::QVariantList:
        appendList(out, value.toList(), attachments);
        return;
    case QMetaType::QVariantMap:
        appendMap(out, value.toMap(), attachments);
        return;
    case QMetaType::QVariantHash:
        appendHash(out, value.toHash(), attachments);
        return;
    case QMetaType::QJsonValue:
        appendJson(out, value.toJsonValue().toVariant(), attachments);
        return;
    case QMetaType::QJsonObject:
        appendMap(out, value.toJsonObject().toVariantMap(), attachments);
        return;
    case QMetaType::QJsonArray:
        appendList(out, value.toJsonArray().toVariantList(), attachments);
        return;
    case QMetaType::QJsonDocument:
        appendJson(out, value.toJsonDocument().toVariant(), attachments);
        return;
    default:
        appendOther(out, value, attachments);
        return;
    }
}

/*!
    \internal
    Returns the JSON text of \a value as \c JSON.stringify would write it (see
    appendJson()). A QByteArray should not reach it: encode() turns binary
    values into attachments first; one that does is written as Node writes a
    Buffer.
*/
QByteArray toJson(const QVariant &value)
{
    QByteArray out;
    appendJson(out, value, nullptr);
    return out;
}

} // namespace SocketIo::Sio
