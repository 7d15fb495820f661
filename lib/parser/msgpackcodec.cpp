// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "msgpackcodec_p.h"
#include "siojson_p.h"
#include "siojsonreader_p.h"

#include <QtCore/QAssociativeIterable>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QSequentialIterable>
#include <QtCore/QStringDecoder>
#include <QtCore/QStringEncoder>
#include <QtCore/QStringList>
#include <QtCore/QtEndian>

#include <cmath>
#include <cstring>
#include <limits>

// MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) straight
// between bytes and a QVariant tree, written for the Redis cluster adapters and
// the msgpack Socket.IO parser: what notepack.io 3 writes, byte for byte, and
// what notepack.io 3 and @msgpack/msgpack 2.8 read back as the same JavaScript
// values. Encoding appends to one QByteArray; decoding walks a pointer and
// checks every length read off the wire against the bytes left before it
// allocates anything.

namespace SocketIo::Msgpack {

namespace {

// The format bytes from 0xc0 on (0xc4 to 0xdf are consecutive).
enum Format : uchar {
    Nil = 0xc0,
    NeverUsed = 0xc1,
    False = 0xc2,
    True = 0xc3,
    Bin8 = 0xc4,
    Bin16 = 0xc5,
    Bin32 = 0xc6,
    Ext8 = 0xc7,
    Ext16 = 0xc8,
    Ext32 = 0xc9,
    Float32 = 0xca,
    Float64 = 0xcb,
    UInt8 = 0xcc,
    UInt16 = 0xcd,
    UInt32 = 0xce,
    UInt64 = 0xcf,
    Int8 = 0xd0,
    Int16 = 0xd1,
    Int32 = 0xd2,
    Int64 = 0xd3,
    FixExt1 = 0xd4,
    FixExt2 = 0xd5,
    FixExt4 = 0xd6,
    FixExt8 = 0xd7,
    FixExt16 = 0xd8,
    Str8 = 0xd9,
    Str16 = 0xda,
    Str32 = 0xdb,
    Array16 = 0xdc,
    Array32 = 0xdd,
    Map16 = 0xde,
    Map32 = 0xdf,
};

constexpr uchar FixMap = 0x80;
constexpr uchar FixArray = 0x90;
constexpr uchar FixStr = 0xa0;
constexpr qint8 TimestampType = -1;
constexpr qint8 LegacyType = 0; // notepack 2: Date (fixext8), undefined (fixext1), ArrayBuffer (ext8/16/32)

constexpr quint64 MaxSafeInteger = (quint64(1) << 53) - 1; // Number.MAX_SAFE_INTEGER
constexpr qint64 MaxTimestamp32Seconds = 0xffffffffLL;
constexpr qint64 MaxTimestamp64Seconds = (qint64(1) << 34) - 1;
constexpr qint64 MaxDateMSecs = 8640000000000000LL; // the range of a JavaScript Date, either side of 1970
constexpr qint64 NSecsPerMSec = 1000000;
constexpr quint64 MaxLength = 0xffffffffULL; // str32, bin32, array32 and map32 hold 32-bit lengths

// Lists are reserved at most this many elements ahead: a nested list announcing
// a huge count at every level must not reserve that count at every level.
constexpr qsizetype MaxReserve = 1024;

template<typename T>
const T &valueOf(const QVariant &value)
{
    return *static_cast<const T *>(value.constData());
}

class Writer
{
public:
    explicit Writer(QByteArray &out) : m_out(out) {}

    void write(const QVariant &value)
    {
        if (!writeScalar(value))
            writeOther(value);
    }

private:
    void writeByte(uchar byte) { m_out.append(char(byte)); }

    template<typename T>
    void writeRaw(T value)
    {
        char buffer[sizeof(T)];
        qToBigEndian(value, buffer);
        m_out.append(buffer, sizeof buffer);
    }

    template<typename T>
    void writeTagged(uchar format, T value)
    {
        char buffer[1 + sizeof(T)];
        buffer[0] = char(format);
        qToBigEndian(value, buffer + 1);
        m_out.append(buffer, sizeof buffer);
    }

    void writeUnsigned(quint64 value)
    {
        if (value < 0x80)
            writeByte(uchar(value));
        else if (value <= 0xff)
            writeTagged(UInt8, quint8(value));
        else if (value <= 0xffff)
            writeTagged(UInt16, quint16(value));
        else if (value <= 0xffffffff)
            writeTagged(UInt32, quint32(value));
        else
            writeTagged(UInt64, value);
    }

    void writeSigned(qint64 value)
    {
        if (value >= 0)
            writeUnsigned(quint64(value));
        else if (value >= -32)
            writeByte(uchar(value)); // negative fixint: 0xe0 to 0xff
        else if (value >= std::numeric_limits<qint8>::min())
            writeTagged(Int8, qint8(value));
        else if (value >= std::numeric_limits<qint16>::min())
            writeTagged(Int16, qint16(value));
        else if (value >= std::numeric_limits<qint32>::min())
            writeTagged(Int32, qint32(value));
        else
            writeTagged(Int64, value);
    }

    // Whole numbers an integer format holds exactly are written as integers,
    // everything else as float64, as notepack writes a Number. notepack also
    // writes whole numbers from 2^64 on as uint64 and below -2^63 as int64,
    // both wrongly; those go out as float64 here.
    void writeDouble(double value)
    {
        constexpr double TwoTo63 = 9223372036854775808.0;
        constexpr double TwoTo64 = 18446744073709551616.0;
        if (std::trunc(value) == value) { // false for NaN; the infinities fail the range checks
            if (value >= 0 && value < TwoTo64) {
                writeUnsigned(quint64(value)); // -0 included: notepack writes it as 0
                return;
            }
            if (value < 0 && value >= -TwoTo63) {
                writeSigned(qint64(value));
                return;
            }
        }
        quint64 bits;
        std::memcpy(&bits, &value, sizeof bits);
        writeTagged(Float64, bits);
    }

    // The header of a str, bin, array or map of the given length. fixFormat is
    // the fix form's base byte (0 when the type has none), fixLimit its count.
    void writeHeader(quint64 length, uchar fixFormat, quint64 fixLimit, uchar format8, uchar format16, uchar format32)
    {
        if (fixFormat && length < fixLimit)
            writeByte(uchar(fixFormat | length));
        else if (format8 && length <= 0xff)
            writeTagged(format8, quint8(length));
        else if (length <= 0xffff)
            writeTagged(format16, quint16(length));
        else
            writeTagged(format32, quint32(length));
    }

    static qsizetype stringHeaderSize(qsizetype length)
    {
        return length < 32 ? 1 : length <= 0xff ? 2 : length <= 0xffff ? 3 : 5;
    }

    // UTF-8 is written in place, after room for the largest header the string
    // can need; the bytes move back only when the real header is smaller.
    void writeString(QStringView string)
    {
        const qsizetype units = string.size();
        const qsizetype start = m_out.size();
        const qsizetype room = stringHeaderSize(units * 3);
        m_out.resize(start + room + units * 3);
        char *const base = m_out.data() + start;
        QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
        const qsizetype length = encoder.appendToBuffer(base + room, string) - (base + room);
        if (quint64(length) > MaxLength) {
            m_out.resize(start);
            writeByte(Nil);
            return;
        }
        const qsizetype header = stringHeaderSize(length);
        if (header != room)
            std::memmove(base + header, base + room, size_t(length));
        if (header == 1) {
            base[0] = char(FixStr | length);
        } else if (header == 2) {
            base[0] = char(Str8);
            base[1] = char(length);
        } else if (header == 3) {
            base[0] = char(Str16);
            qToBigEndian(quint16(length), base + 1);
        } else {
            base[0] = char(Str32);
            qToBigEndian(quint32(length), base + 1);
        }
        m_out.resize(start + header + length);
    }

    void writeBinary(const QByteArray &bytes)
    {
        if (quint64(bytes.size()) > MaxLength) {
            writeByte(Nil);
            return;
        }
        writeHeader(quint64(bytes.size()), 0, 0, Bin8, Bin16, Bin32);
        m_out.append(bytes);
    }

    template<typename List>
    void writeList(const List &list)
    {
        writeHeader(quint64(list.size()), FixArray, 16, 0, Array16, Array32);
        for (const auto &element : list)
            write(QVariant(element));
    }

    void writeMap(const QVariantMap &map)
    {
        writeHeader(quint64(map.size()), FixMap, 16, 0, Map16, Map32);
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            writeString(it.key());
            write(it.value());
        }
    }

    // A hash has no order of its own: sorted keys keep the bytes stable (the
    // JSON writer does the same).
    void writeHash(const QVariantHash &hash)
    {
        QStringList keys = hash.keys();
        keys.sort();
        writeHeader(quint64(keys.size()), FixMap, 16, 0, Map16, Map32);
        for (const QString &key : std::as_const(keys)) {
            writeString(key);
            write(hash.value(key));
        }
    }

    // The timestamp extension as notepack writes a Date: 32-bit seconds when
    // there are no milliseconds, 30-bit nanoseconds and 34-bit seconds when
    // that holds it, otherwise 32-bit nanoseconds and signed 64-bit seconds.
    void writeDateTime(const QDateTime &dateTime)
    {
        if (!dateTime.isValid()) {
            writeByte(Nil);
            return;
        }
        const qint64 msecs = dateTime.toMSecsSinceEpoch();
        qint64 seconds = msecs / 1000;
        qint64 remainder = msecs % 1000;
        if (remainder < 0) {
            --seconds;
            remainder += 1000;
        }
        const quint32 nsecs = quint32(remainder * NSecsPerMSec);
        if (seconds >= 0 && seconds <= MaxTimestamp64Seconds) {
            if (nsecs == 0 && seconds <= MaxTimestamp32Seconds) {
                writeTagged(FixExt4, qint8(TimestampType));
                writeRaw(quint32(seconds));
            } else {
                writeTagged(FixExt8, qint8(TimestampType));
                writeRaw(quint64(nsecs) << 34 | quint64(seconds));
            }
        } else {
            writeTagged(Ext8, quint8(12));
            writeByte(uchar(TimestampType));
            writeRaw(nsecs);
            writeRaw(seconds);
        }
    }

    // null, booleans, numbers, strings, binaries and dates; false for any other type.
    bool writeScalar(const QVariant &value)
    {
        switch (value.typeId()) {
        case QMetaType::UnknownType:
        case QMetaType::Nullptr:
        case QMetaType::Void:
            writeByte(Nil);
            return true;
        case QMetaType::Bool:
            writeByte(valueOf<bool>(value) ? True : False);
            return true;
        case QMetaType::Int:
        case QMetaType::Long:
        case QMetaType::LongLong:
        case QMetaType::Short:
        case QMetaType::Char:
        case QMetaType::SChar:
            writeSigned(value.toLongLong());
            return true;
        case QMetaType::UInt:
        case QMetaType::ULong:
        case QMetaType::ULongLong:
        case QMetaType::UShort:
        case QMetaType::UChar:
            writeUnsigned(value.toULongLong());
            return true;
        case QMetaType::Char16:
            writeUnsigned(valueOf<char16_t>(value));
            return true;
        case QMetaType::Char32:
            writeUnsigned(valueOf<char32_t>(value));
            return true;
        case QMetaType::Double:
            writeDouble(valueOf<double>(value));
            return true;
        case QMetaType::Float:
            writeDouble(double(valueOf<float>(value)));
            return true;
        case QMetaType::QString:
            writeString(valueOf<QString>(value));
            return true;
        case QMetaType::QByteArray:
            writeBinary(valueOf<QByteArray>(value));
            return true;
        case QMetaType::QDateTime:
            writeDateTime(valueOf<QDateTime>(value));
            return true;
        default:
            return false;
        }
    }

    void writeOther(const QVariant &value)
    {
        switch (value.typeId()) {
        case QMetaType::QVariantList:
            writeList(valueOf<QVariantList>(value));
            return;
        case QMetaType::QStringList:
            writeList(valueOf<QStringList>(value));
            return;
        case QMetaType::QVariantMap:
            writeMap(valueOf<QVariantMap>(value));
            return;
        case QMetaType::QVariantHash:
            writeHash(valueOf<QVariantHash>(value));
            return;
        case QMetaType::QJsonValue:
            write(valueOf<QJsonValue>(value).toVariant());
            return;
        case QMetaType::QJsonObject:
            writeMap(valueOf<QJsonObject>(value).toVariantMap());
            return;
        case QMetaType::QJsonArray:
            writeList(valueOf<QJsonArray>(value).toVariantList());
            return;
        case QMetaType::QJsonDocument:
            write(valueOf<QJsonDocument>(value).toVariant());
            return;
        default:
            break;
        }
        if (value.metaType().flags().testFlag(QMetaType::IsEnumeration))
            writeSigned(value.toLongLong());
        else if (value.canView<QSequentialIterable>())
            writeList(value.value<QVariantList>());
        else if (value.canView<QAssociativeIterable>())
            writeMap(value.value<QVariantMap>());
        else if (value.canConvert<QString>())
            writeString(value.toString());
        else
            writeByte(Nil);
    }

    QByteArray &m_out;
};

// Whether [p, end) holds only ASCII, eight bytes at a time.
bool isAscii(const uchar *p, const uchar *end)
{
    for (; end - p >= 8; p += 8) {
        quint64 word;
        std::memcpy(&word, p, sizeof word);
        if (word & 0x8080808080808080ULL)
            return false;
    }
    for (; p < end; ++p) {
        if (*p & 0x80)
            return false;
    }
    return true;
}

// Whether [p, end) is well-formed UTF-8, by the byte ranges of Unicode's
// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isWellFormedUtf8(const uchar *p, const uchar *end)
{
    while (p < end) {
        const uchar lead = *p++;
        if (lead < 0x80)
            continue;
        int trailing = 0;
        uchar low = 0x80; // the range of the first continuation byte
        uchar high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            trailing = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            trailing = 2;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            trailing = 3;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return false;
        }
        if (end - p < trailing || *p < low || *p > high)
            return false;
        for (int i = 1; i < trailing; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
        }
        p += trailing;
    }
    return true;
}

// What a map key becomes in JavaScript, which keeps only string keys: the
// String() of a number, null or boolean read as a key.
QString keyToString(const QVariant &key)
{
    switch (key.typeId()) {
    case QMetaType::QString:
        return valueOf<QString>(key);
    case QMetaType::Nullptr:
        return QStringLiteral("null");
    case QMetaType::Bool:
        return valueOf<bool>(key) ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::LongLong:
        return QString::number(valueOf<qint64>(key));
    default: {
        const double number = key.toDouble();
        if (std::isnan(number))
            return QStringLiteral("NaN");
        if (std::isinf(number))
            return number > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        QByteArray text;
        Sio::appendJsonNumber(text, number);
        return QString::fromLatin1(text);
    }
    }
}

QVariant fromUnsigned(quint64 value)
{
    return value <= MaxSafeInteger ? QVariant(qint64(value)) : QVariant(double(value));
}

QVariant fromSigned(qint64 value)
{
    return value >= -qint64(MaxSafeInteger) && value <= qint64(MaxSafeInteger) ? QVariant(value)
                                                                               : QVariant(double(value));
}

// A JavaScript Date made from milliseconds since 1970: null where JavaScript
// would make an Invalid Date (which JSON.stringify also writes as null).
QVariant dateFromMSecs(qint64 msecs)
{
    if (msecs < -MaxDateMSecs || msecs > MaxDateMSecs)
        return QVariant::fromValue(nullptr);
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

// new Date(seconds * 1e3 + nsecs / 1e6): the fraction of a millisecond is cut
// off towards zero, as the Date constructor does.
QVariant dateFromTimestamp(qint64 seconds, quint32 nsecs)
{
    if (seconds < -MaxDateMSecs / 1000 - 1 || seconds > MaxDateMSecs / 1000 + 1)
        return QVariant::fromValue(nullptr);
    qint64 msecs = seconds * 1000 + qint64(nsecs / NSecsPerMSec);
    if (nsecs % NSecsPerMSec != 0 && msecs < 0)
        ++msecs;
    return dateFromMSecs(msecs);
}

class Reader
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_begin(reinterpret_cast<const uchar *>(bytes.data())), m_pos(m_begin), m_end(m_begin + bytes.size())
    {}

    qsizetype offset() const { return m_pos - m_begin; }
    const QString &error() const { return m_error; }

    // One value at the current position, inside depth arrays and maps.
    bool read(QVariant *out, int depth)
    {
        if (m_pos == m_end)
            return fail(QStringLiteral("input ends at offset %1 where a value should start").arg(offset()));
        m_start = offset();
        const uchar format = *m_pos++;
        if (format < FixMap) {
            *out = QVariant(qint64(format));
            return true;
        }
        if (format >= 0xe0) {
            *out = QVariant(qint64(qint8(format)));
            return true;
        }
        if (format < FixArray)
            return readMap(format & 0x0f, out, depth);
        if (format < FixStr)
            return readArray(format & 0x0f, out, depth);
        if (format < Nil)
            return readString(format & 0x1f, out);
        return readFormat(format, out, depth);
    }

private:
    bool fail(QString message)
    {
        m_error = std::move(message);
        return false;
    }

    bool truncated() { return fail(QStringLiteral("input ends inside the value at offset %1").arg(m_start)); }

    qsizetype left() const { return m_end - m_pos; }

    template<typename T>
    bool take(T *value)
    {
        if (left() < qsizetype(sizeof(T)))
            return truncated();
        *value = qFromBigEndian<T>(m_pos);
        m_pos += sizeof(T);
        return true;
    }

    // A length of the given width, then the format-specific reading.
    template<typename Length, typename Read>
    bool withLength(Read read)
    {
        Length length;
        return take(&length) && read(quint64(length));
    }

    bool readFormat(uchar format, QVariant *out, int depth)
    {
        switch (format) {
        case Nil:
            *out = QVariant::fromValue(nullptr);
            return true;
        case False:
        case True:
            *out = QVariant(format == True);
            return true;
        case Bin8:
            return withLength<quint8>([&](quint64 n) { return readBinary(n, out); });
        case Bin16:
            return withLength<quint16>([&](quint64 n) { return readBinary(n, out); });
        case Bin32:
            return withLength<quint32>([&](quint64 n) { return readBinary(n, out); });
        case Ext8:
            return withLength<quint8>([&](quint64 n) { return readExtension(n, false, out); });
        case Ext16:
            return withLength<quint16>([&](quint64 n) { return readExtension(n, false, out); });
        case Ext32:
            return withLength<quint32>([&](quint64 n) { return readExtension(n, false, out); });
        case FixExt1:
        case FixExt2:
        case FixExt4:
        case FixExt8:
        case FixExt16:
            return readExtension(quint64(1) << (format - FixExt1), true, out);
        case Str8:
            return withLength<quint8>([&](quint64 n) { return readString(n, out); });
        case Str16:
            return withLength<quint16>([&](quint64 n) { return readString(n, out); });
        case Str32:
            return withLength<quint32>([&](quint64 n) { return readString(n, out); });
        case Array16:
            return withLength<quint16>([&](quint64 n) { return readArray(n, out, depth); });
        case Array32:
            return withLength<quint32>([&](quint64 n) { return readArray(n, out, depth); });
        case Map16:
            return withLength<quint16>([&](quint64 n) { return readMap(n, out, depth); });
        case Map32:
            return withLength<quint32>([&](quint64 n) { return readMap(n, out, depth); });
        default:
            return readNumber(format, out);
        }
    }

    bool readNumber(uchar format, QVariant *out)
    {
        switch (format) {
        case Float32:
            return readFloat<quint32, float>(out);
        case Float64:
            return readFloat<quint64, double>(out);
        case UInt8:
            return readInteger<quint8>(out);
        case UInt16:
            return readInteger<quint16>(out);
        case UInt32:
            return readInteger<quint32>(out);
        case UInt64:
            return readInteger<quint64>(out);
        case Int8:
            return readInteger<qint8>(out);
        case Int16:
            return readInteger<qint16>(out);
        case Int32:
            return readInteger<qint32>(out);
        case Int64:
            return readInteger<qint64>(out);
        default: // 0xc1, the one byte the format never uses
            return fail(QStringLiteral("byte 0xc1 at offset %1 is not a MessagePack format").arg(m_start));
        }
    }

    template<typename T>
    bool readInteger(QVariant *out)
    {
        T value;
        if (!take(&value))
            return false;
        if constexpr (std::is_signed_v<T>)
            *out = fromSigned(value);
        else
            *out = fromUnsigned(value);
        return true;
    }

    template<typename Bits, typename Float>
    bool readFloat(QVariant *out)
    {
        Bits bits;
        if (!take(&bits))
            return false;
        Float value;
        std::memcpy(&value, &bits, sizeof value);
        *out = Sio::numberToVariant(double(value));
        return true;
    }

    // Whether length bytes (at least one per element) can still follow.
    bool fits(quint64 length, const char *what)
    {
        if (length <= quint64(left()))
            return true;
        return fail(QStringLiteral("%1 at offset %2 needs at least %3 more bytes, %4 are left")
                            .arg(QLatin1StringView(what))
                            .arg(m_start)
                            .arg(length)
                            .arg(left()));
    }

    bool readString(quint64 length, QVariant *out)
    {
        QString string;
        if (!readStringBytes(length, &string))
            return false;
        *out = QVariant(std::move(string));
        return true;
    }

    bool readStringBytes(quint64 length, QString *out)
    {
        if (!fits(length, "a str"))
            return false;
        const uchar *const begin = m_pos;
        m_pos += length;
        const QByteArrayView bytes(begin, m_pos - begin);
        if (isAscii(begin, m_pos)) {
            *out = QString::fromLatin1(bytes);
            return true;
        }
        if (!isWellFormedUtf8(begin, m_pos))
            return fail(QStringLiteral("the str at offset %1 is not well-formed UTF-8").arg(m_start));
        if (bytes.startsWith("\xef\xbb\xbf")) {
            // QString::fromUtf8 drops a leading byte order mark; JavaScript keeps it.
            QStringDecoder decoder(QStringDecoder::Utf8,
                                   QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
            *out = decoder.decode(bytes);
        } else {
            *out = QString::fromUtf8(bytes);
        }
        return true;
    }

    bool readBinary(quint64 length, QVariant *out)
    {
        if (!fits(length, "a bin"))
            return false;
        *out = QVariant(QByteArray(reinterpret_cast<const char *>(m_pos), qsizetype(length)));
        m_pos += length;
        return true;
    }

    bool enter(int depth)
    {
        if (depth < MaxDepth)
            return true;
        return fail(QStringLiteral("arrays and maps at offset %1 nest deeper than %2").arg(m_start).arg(MaxDepth));
    }

    bool readArray(quint64 count, QVariant *out, int depth)
    {
        if (!enter(depth) || !fits(count, "an array"))
            return false;
        QVariantList list;
        list.reserve(qsizetype(qMin(count, quint64(MaxReserve))));
        for (quint64 i = 0; i < count; ++i) {
            list.emplace_back();
            if (!read(&list.back(), depth + 1))
                return false;
        }
        *out = std::move(list);
        return true;
    }

    bool readMap(quint64 count, QVariant *out, int depth)
    {
        if (!enter(depth) || !fits(count * 2, "a map"))
            return false;
        QVariantMap map;
        for (quint64 i = 0; i < count; ++i) {
            QString key;
            QVariant value;
            if (!readKey(&key, depth) || !read(&value, depth + 1))
                return false;
            map.insert(key, std::move(value));
        }
        *out = std::move(map);
        return true;
    }

    // A str key as it is; nil, booleans and numbers as JavaScript turns them
    // into property names. Other keys are refused (@msgpack/msgpack refuses
    // everything but strings and numbers).
    bool readKey(QString *key, int depth)
    {
        if (m_pos == m_end)
            return fail(QStringLiteral("input ends at offset %1 where a map key should start").arg(offset()));
        const uchar format = *m_pos;
        if ((format >= FixStr && format < Nil) || (format >= Str8 && format <= Str32)) {
            m_start = offset();
            ++m_pos;
            if (format < Nil)
                return readStringBytes(format & 0x1f, key);
            const auto readKeyBytes = [&](quint64 n) { return readStringBytes(n, key); };
            return format == Str8     ? withLength<quint8>(readKeyBytes)
                    : format == Str16 ? withLength<quint16>(readKeyBytes)
                                      : withLength<quint32>(readKeyBytes);
        }
        const bool scalar = format < FixMap || format >= 0xe0 || (format >= Nil && format <= True)
                || (format >= Float32 && format <= Int64);
        if (!scalar) {
            return fail(
                    QStringLiteral("the map key at offset %1 is not a string, number, boolean or nil").arg(offset()));
        }
        QVariant value;
        if (!read(&value, depth + 1))
            return false;
        *key = keyToString(value);
        return true;
    }

    // The data of an extension of type -1 (timestamp) or 0 (notepack 2's
    // Date, undefined and ArrayBuffer); any other type as notepack gives it,
    // [type, Buffer].
    bool readExtension(quint64 length, bool fixed, QVariant *out)
    {
        if (!fits(length + 1, "an ext"))
            return false;
        const qint8 type = qint8(*m_pos++);
        const uchar *const data = m_pos;
        m_pos += length;
        if (type == TimestampType)
            return readTimestamp(data, length, out);
        if (type == LegacyType && fixed && length == 1) {
            *out = QVariant::fromValue(nullptr); // undefined
            return true;
        }
        if (type == LegacyType && fixed && length == 8) {
            *out = dateFromMSecs(qFromBigEndian<qint64>(data));
            return true;
        }
        QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(length));
        if (type == LegacyType && !fixed)
            *out = QVariant(std::move(bytes)); // ArrayBuffer
        else
            *out = QVariantList{QVariant(qint64(type)), QVariant(std::move(bytes))};
        return true;
    }

    bool readTimestamp(const uchar *data, quint64 length, QVariant *out)
    {
        switch (length) {
        case 4:
            *out = dateFromTimestamp(qFromBigEndian<quint32>(data), 0);
            return true;
        case 8: {
            const quint64 value = qFromBigEndian<quint64>(data);
            *out = dateFromTimestamp(qint64(value & quint64(MaxTimestamp64Seconds)), quint32(value >> 34));
            return true;
        }
        case 12:
            *out = dateFromTimestamp(qFromBigEndian<qint64>(data + 4), qFromBigEndian<quint32>(data));
            return true;
        default:
            return fail(
                    QStringLiteral("the timestamp at offset %1 has %2 bytes, not 4, 8 or 12").arg(m_start).arg(length));
        }
    }

    const uchar *const m_begin;
    const uchar *m_pos;
    const uchar *const m_end;
    qsizetype m_start = 0; // where the value being read starts, for errors
    QString m_error;
};

} // namespace

/*!
    \internal
    Appends the MessagePack encoding of \a value to \a out, as notepack.io 3
    encodes the JavaScript value it stands for.

    \list
    \li An invalid QVariant and \c nullptr are nil.
    \li Integers of every integral type, and doubles (and floats) that are
        whole numbers an integer format holds, take the smallest of positive
        fixint, uint8/16/32/64, negative fixint and int8/16/32/64. Every other
        number, NaN and the infinities included, is float64, never float32.
        Negative zero is 0, as in notepack.
    \li QString is a str in UTF-8 (a lone surrogate becomes U+FFFD),
        QByteArray a bin.
    \li QVariantList and QStringList are arrays; QVariantMap and QVariantHash
        maps with str keys (a hash in sorted key order, so that equal hashes
        give equal bytes).
    \li A valid QDateTime is the timestamp extension (type -1) in the form
        notepack writes for a Date: fixext4 for whole seconds from 1970 up to
        2^32 - 1, fixext8 with nanoseconds while the seconds fit 34 bits, ext8
        of 12 bytes otherwise (before 1970, too). An invalid one is nil.
    \li QJsonValue, QJsonObject, QJsonArray and QJsonDocument go through their
        variant form; enumerations are integers; other types Qt can iterate
        are arrays or maps.
    \li Anything else that converts to a QString (QUrl, QUuid, QDate, ...) is
        that string; what does not is nil.
    \endlist

    A string, binary, array or map longer than 2^32 - 1 cannot be written and
    is nil.
*/
void encode(const QVariant &value, QByteArray &out)
{
    Writer(out).write(value);
}

/*!
    \internal
    Returns the MessagePack encoding of \a value (see the appending overload).
*/
QByteArray encode(const QVariant &value)
{
    QByteArray out;
    encode(value, out);
    return out;
}

/*!
    \internal
    Reads the one MessagePack value that starts \a bytes and returns it; when
    \a consumed is given, it is set to the number of bytes the value took
    (and left alone on failure). Bytes after the value are not looked at, so
    values written one after another are read by calling it again on the
    rest.

    What notepack.io 3 decodes becomes what a JavaScript value of that kind
    becomes in this library (the JSON reader's mapping):
    \list
    \li nil is \c{QVariant::fromValue(nullptr)}; booleans are bool.
    \li Integers are qint64 while JavaScript holds them exactly (within
        Number.MAX_SAFE_INTEGER), doubles beyond (uint64 above 2^63 too).
        float32 and float64 are doubles, made qint64 by the same rule when
        they are whole (Sio::numberToVariant()), so 3.0 reads as 3.
    \li A str is a QString and must be well-formed UTF-8 (a leading byte
        order mark is kept, as in JavaScript); a bin is a QByteArray.
    \li An array is a QVariantList; a map a QVariantMap, where the last of
        duplicate keys wins. Keys that are nil, booleans or numbers become the
        string JavaScript uses as the property name (1 is "1", 1.5 is "1.5",
        nil is "null"); other key types are refused.
    \li The timestamp extension (type -1, of 4, 8 or 12 bytes, in whichever
        ext form, as @msgpack/msgpack reads it; notepack only reads 12 bytes
        from ext8) is a UTC QDateTime, cut to milliseconds towards zero as
        \c{new Date()} does.
        notepack 2's forms are read too: fixext8 of type 0 (milliseconds since
        1970) is a QDateTime, fixext1 of type 0 (undefined) is null, and ext8,
        ext16 and ext32 of type 0 (ArrayBuffer) are a QByteArray. A date
        outside JavaScript's range (±8.64e15 ms) is null, as JavaScript's
        Invalid Date turns into null in JSON.
    \li Any other extension is the pair notepack gives,
        \c{QVariantList{qint64 type, QByteArray data}}.
    \endlist

    Returns std::nullopt, with a reason in \a error when given, for input that
    ends inside the value, the unused format byte 0xc1, ill-formed UTF-8, a
    timestamp of another size, refused map keys, and arrays and maps nested
    deeper than MaxDepth. Every length read from the input is compared with
    the bytes left before anything is allocated for it.
*/
std::optional<QVariant> decodeOne(QByteArrayView bytes, qsizetype *consumed, QString *error)
{
    Reader reader(bytes);
    QVariant value;
    if (!reader.read(&value, 0)) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    if (consumed)
        *consumed = reader.offset();
    return value;
}

/*!
    \internal
    Returns the value \a bytes holds when they are exactly one MessagePack
    value (see decodeOne()); bytes left after it are an error, as in notepack.
*/
std::optional<QVariant> decode(QByteArrayView bytes, QString *error)
{
    qsizetype consumed = 0;
    std::optional<QVariant> value = decodeOne(bytes, &consumed, error);
    if (value && consumed != bytes.size()) {
        if (error) {
            *error = QStringLiteral("%1 bytes follow the value that ends at offset %2")
                             .arg(bytes.size() - consumed)
                             .arg(consumed);
        }
        return std::nullopt;
    }
    return value;
}

} // namespace SocketIo::Msgpack
