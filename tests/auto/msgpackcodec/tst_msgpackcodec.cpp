// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "msgpackcodec_p.h"
#include "siojsonreader_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSize>
#include <QtCore/QStandardPaths>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace SocketIo;

namespace {

constexpr double TwoTo53 = 9007199254740992.0;
constexpr double TwoTo63 = 9223372036854775808.0;
constexpr double TwoTo64 = 18446744073709551616.0;
constexpr qint64 MaxSafe = (qint64(1) << 53) - 1;
constexpr qint64 MaxDateMSecs = 8640000000000000LL;

// A typed, readable form of a value, so that comparisons tell qint64 from
// double and QString from QByteArray, and failures print well.
QByteArray describe(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return QByteArrayLiteral("invalid");
    case QMetaType::Nullptr:
        return QByteArrayLiteral("null");
    case QMetaType::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QMetaType::LongLong:
        return "int:" + QByteArray::number(value.toLongLong());
    case QMetaType::Double:
        return "double:" + QByteArray::number(value.toDouble(), 'g', 17);
    case QMetaType::QString: {
        const QString string = value.toString();
        if (string.size() > 64)
            return "str(" + QByteArray::number(string.size()) + "):" + QByteArray::number(qHash(string));
        return "str:\"" + string.toUtf8() + '"';
    }
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        if (bytes.size() > 64)
            return "bin(" + QByteArray::number(bytes.size()) + "):" + QByteArray::number(qHash(bytes));
        return "bin:0x" + bytes.toHex();
    }
    case QMetaType::QDateTime: {
        const QDateTime dateTime = value.toDateTime();
        return "date:" + QByteArray::number(dateTime.toMSecsSinceEpoch())
                + (dateTime.timeSpec() == Qt::UTC ? QByteArrayLiteral("Z") : QByteArrayLiteral("(not UTC)"));
    }
    case QMetaType::QVariantList: {
        QByteArray out = QByteArrayLiteral("[");
        const QVariantList list = value.toList();
        for (qsizetype i = 0; i < list.size(); ++i)
            out += (i ? QByteArrayLiteral(", ") : QByteArray()) + describe(list.at(i));
        return out + ']';
    }
    case QMetaType::QVariantMap: {
        QByteArray out = QByteArrayLiteral("{");
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            out += (it == map.cbegin() ? QByteArray() : QByteArrayLiteral(", ")) + it.key().toUtf8() + ": "
                    + describe(it.value());
        }
        return out + '}';
    }
    default:
        return QByteArray("other:") + value.typeName();
    }
}

QVariant num(qint64 value)
{
    return QVariant(value);
}

QVariant dbl(double value)
{
    return QVariant(value);
}

QVariant null()
{
    return QVariant::fromValue(nullptr);
}

QVariant date(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

QVariant str(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QVariant bin(const char *hexDigits)
{
    return QByteArray::fromHex(hexDigits);
}

QByteArray hex(const char *hexDigits)
{
    return QByteArray::fromHex(hexDigits);
}

// What notepack gives for an extension it does not know: [type, Buffer].
QVariant extension(qint64 type, const char *hexData)
{
    return QVariantList{num(type), bin(hexData)};
}

QByteArray repeated(qsizetype count, char c)
{
    return QByteArray(count, c);
}

QVariant ascii(qsizetype count)
{
    return QString(count, QLatin1Char('a'));
}

// A binary of count bytes 0, 1, ..., 255, 0, ...
QByteArray bytesOf(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (qsizetype i = 0; i < count; ++i)
        bytes[i] = char(i & 0xff);
    return bytes;
}

// count fixints 0..127 repeated, as a list and as its encoded elements.
QVariantList numbers(qsizetype count)
{
    QVariantList list;
    list.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        list.append(num(i % 128));
    return list;
}

QByteArray numbersBytes(qsizetype count)
{
    QByteArray bytes;
    for (qsizetype i = 0; i < count; ++i)
        bytes += char(i % 128);
    return bytes;
}

// count keys "k00000", "k00001", ... each mapped to 1, and their encoded entries.
QVariantMap keyed(int count)
{
    QVariantMap map;
    for (int i = 0; i < count; ++i)
        map.insert(QStringLiteral("k%1").arg(i, 5, 10, QLatin1Char('0')), num(1));
    return map;
}

QByteArray keyedBytes(int count)
{
    QByteArray bytes;
    for (int i = 0; i < count; ++i)
        bytes += "\xa6k" + QByteArray::number(i).rightJustified(5, '0') + '\x01';
    return bytes;
}

// A value with every kind in it, nested, for truncations, mutations and the peers.
QVariant nestedValue()
{
    QVariantMap inner;
    inner.insert(QStringLiteral("c"), QVariantList{QVariantList{}, QVariantMap{}, null()});
    inner.insert(QStringLiteral("d"), num(qint64(1) << 40));
    inner.insert(QStringLiteral("e"), dbl(-2.5e-7));
    QVariantMap map;
    map.insert(QStringLiteral("a"),
               QVariantList{num(1), num(-200), dbl(1.5), str("é€😀"), bin("00ff"), null(), true, false, date(1500),
                            date(-1), date(0), date(qint64(1) << 36)});
    map.insert(QStringLiteral("b"), inner);
    map.insert(QStringLiteral("long"), QString(40, QLatin1Char('x')));
    map.insert(QStringLiteral("big"), QByteArray(300, 'y'));
    map.insert(QStringLiteral("numbers"), numbers(20));
    map.insert(QStringLiteral("ключ"), num(-70000));
    return map;
}

// JSON for the Node peer: what JSON cannot hold in the peer's tagged forms.
QJsonValue toTagged(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
        return QJsonValue(value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        if (std::isnan(number))
            return QJsonObject{{QStringLiteral("$num"), QStringLiteral("NaN")}};
        if (std::isinf(number))
            return QJsonObject{
                    {QStringLiteral("$num"), number > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity")}};
        if (number == 0 && std::signbit(number))
            return QJsonObject{{QStringLiteral("$num"), QStringLiteral("-0")}};
        return number;
    }
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QByteArray:
        return QJsonObject{{QStringLiteral("$bin"), QString::fromLatin1(value.toByteArray().toHex())}};
    case QMetaType::QDateTime:
        return QJsonObject{{QStringLiteral("$date"), QJsonValue(value.toDateTime().toMSecsSinceEpoch())}};
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QJsonArray array;
        for (const QVariant &element : value.toList())
            array.append(toTagged(element));
        return array;
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), toTagged(it.value()));
        return object;
    }
    default:
        return QJsonValue::Null;
    }
}

// A value the peer answered, with its tags turned back into QVariants.
QVariant fromTagged(const QVariant &value)
{
    if (value.typeId() == QMetaType::QVariantList) {
        QVariantList list = value.toList();
        for (QVariant &element : list)
            element = fromTagged(element);
        return list;
    }
    if (value.typeId() != QMetaType::QVariantMap)
        return value;
    QVariantMap map = value.toMap();
    if (map.size() == 1) {
        const QString tag = map.firstKey();
        const QVariant tagged = map.first();
        if (tag == QLatin1String("$bin"))
            return QByteArray::fromHex(tagged.toString().toLatin1());
        if (tag == QLatin1String("$date"))
            return tagged.typeId() == QMetaType::Nullptr ? null() : date(tagged.toLongLong());
        if (tag == QLatin1String("$undefined"))
            return QStringLiteral("<undefined>");
        if (tag == QLatin1String("$bigint"))
            return QString(QStringLiteral("<bigint>") + tagged.toString());
        if (tag == QLatin1String("$num")) {
            const QString name = tagged.toString();
            if (name == QLatin1String("NaN"))
                return dbl(std::numeric_limits<double>::quiet_NaN());
            if (name == QLatin1String("-0"))
                return dbl(-0.0);
            return dbl(name.startsWith(QLatin1Char('-')) ? -std::numeric_limits<double>::infinity()
                                                         : std::numeric_limits<double>::infinity());
        }
    }
    for (auto it = map.begin(); it != map.end(); ++it)
        it.value() = fromTagged(it.value());
    return map;
}

// The Node codecs, through tests/interop/redis/msgpack-peer.mjs.
class Peer
{
public:
    static constexpr int StartTimeoutMs = 20000;
    static constexpr int RequestTimeoutMs = 20000;

    ~Peer() { stop(); }

    bool ensureStarted(QString *error)
    {
        if (m_state == State::Running)
            return true;
        if (m_state == State::Failed) {
            *error = m_failure;
            return false;
        }
        m_state = start(&m_failure) ? State::Running : State::Failed;
        *error = m_failure;
        return m_state == State::Running;
    }

    // The answer to one request line, as a map ("value", "hex" or "error").
    std::optional<QVariantMap> request(const QByteArray &line, QString *error)
    {
        m_process.write(line + '\n');
        const std::optional<QByteArray> answer = readLine(RequestTimeoutMs, error);
        if (!answer)
            return std::nullopt;
        const std::optional<QVariant> parsed = Sio::fromJson(*answer);
        if (!parsed || parsed->typeId() != QMetaType::QVariantMap) {
            *error = QStringLiteral("the peer answered something that is not a JSON object: ")
                    + QString::fromUtf8(answer->left(200));
            return std::nullopt;
        }
        return parsed->toMap();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    enum class State { NotStarted, Running, Failed };

    bool start(QString *error)
    {
        const QString script = QStringLiteral(MSGPACK_PEER_SCRIPT);
        const QString hint = QStringLiteral(" (the msgpack interop cases need Node.js >= 20 in PATH and `npm ci` in "
                                            "%1, which scripts/install-deps runs)")
                                     .arg(QFileInfo(script).absolutePath());
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty()) {
            *error = QStringLiteral("node was not found in PATH") + hint;
            return false;
        }
        const QDir modules(QFileInfo(script).absoluteDir().filePath(QStringLiteral("node_modules")));
        for (const QString &package : {QStringLiteral("notepack.io"), QStringLiteral("@msgpack/msgpack")}) {
            if (!QFileInfo::exists(modules.filePath(package + QStringLiteral("/package.json")))) {
                *error = QStringLiteral("the npm package %1 is not installed").arg(package) + hint;
                return false;
            }
        }
        m_process.setProgram(node);
        m_process.setArguments({script});
        m_process.setWorkingDirectory(QFileInfo(script).absolutePath());
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(StartTimeoutMs)) {
            *error = QStringLiteral("node did not start: ") + m_process.errorString() + hint;
            return false;
        }
        const std::optional<QByteArray> ready = readLine(StartTimeoutMs, error);
        if (!ready) {
            error->append(hint);
            return false;
        }
        const QVariantMap versions = Sio::fromJson(*ready).value_or(QVariant()).toMap();
        if (versions.value(QStringLiteral("notepack")).toString() != QLatin1String("3.0.1")
            || versions.value(QStringLiteral("msgpack")).toString() != QLatin1String("2.8.0")) {
            *error = QStringLiteral("the peer runs other versions than notepack.io 3.0.1 and @msgpack/msgpack "
                                    "2.8.0: ")
                    + QString::fromUtf8(*ready) + hint;
            return false;
        }
        return true;
    }

    std::optional<QByteArray> readLine(int timeoutMs, QString *error)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const qsizetype newline = m_buffer.indexOf('\n');
            if (newline >= 0) {
                QByteArray line = m_buffer.left(newline);
                m_buffer.remove(0, newline + 1);
                return line;
            }
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()
                || !m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
                m_buffer += m_process.readAllStandardOutput();
                if (m_buffer.contains('\n'))
                    continue;
                *error = (m_process.state() == QProcess::NotRunning
                                  ? QStringLiteral("the peer exited (code %1)").arg(m_process.exitCode())
                                  : QStringLiteral("the peer did not answer within %1 ms").arg(timeoutMs))
                        + QStringLiteral("; its stderr: ")
                        + QString::fromUtf8(m_process.readAllStandardError().left(2000));
                return std::nullopt;
            }
            m_buffer += m_process.readAllStandardOutput();
        }
    }

    QProcess m_process;
    QByteArray m_buffer;
    State m_state = State::NotStarted;
    QString m_failure;
};

// One entry of the interop corpus: a value, what decoding its encoding gives,
// and whether notepack writes the same bytes for it (values JSON carries
// exactly, with maps of at most one key so that key order cannot differ).
struct CorpusEntry
{
    const char *name;
    QVariant value;
    QVariant expected;
    bool sameBytesAsNotepack;
};

QList<CorpusEntry> corpus()
{
    QVariantMap nested;
    nested.insert(QStringLiteral("a"),
                  QVariantMap{{QStringLiteral("b"),
                               QVariantMap{{QStringLiteral("c"),
                                            QVariantList{num(1), QVariantMap{{QStringLiteral("d"), bin("0102")}}}}}}});
    QVariantHash hash;
    hash.insert(QStringLiteral("y"), num(2));
    hash.insert(QStringLiteral("x"), num(1));
    const QVariantMap hashAsMap{{QStringLiteral("x"), num(1)}, {QStringLiteral("y"), num(2)}};
    const QVariant mixed = nestedValue();
    const QString manyScripts = QStringLiteral("héllo wörld € 😀 日本語 ключ");

    return {
            {"null", null(), null(), true},
            {"false", false, false, true},
            {"true", true, true, true},
            {"0", num(0), num(0), true},
            {"127", num(127), num(127), true},
            {"128", num(128), num(128), true},
            {"255", num(255), num(255), true},
            {"256", num(256), num(256), true},
            {"65535", num(65535), num(65535), true},
            {"65536", num(65536), num(65536), true},
            {"2^32-1", num(0xffffffffLL), num(0xffffffffLL), true},
            {"2^32", num(0x100000000LL), num(0x100000000LL), true},
            {"2^53-1", num(MaxSafe), num(MaxSafe), true},
            {"2^53", num(MaxSafe + 1), dbl(TwoTo53), true},
            {"int64 max", num(std::numeric_limits<qint64>::max()), dbl(TwoTo63), false},
            {"uint64 max", QVariant(std::numeric_limits<quint64>::max()), dbl(TwoTo64), false},
            {"-1", num(-1), num(-1), true},
            {"-32", num(-32), num(-32), true},
            {"-33", num(-33), num(-33), true},
            {"-128", num(-128), num(-128), true},
            {"-129", num(-129), num(-129), true},
            {"-32768", num(-32768), num(-32768), true},
            {"-32769", num(-32769), num(-32769), true},
            {"-2^31", num(-2147483648LL), num(-2147483648LL), true},
            {"-2^31-1", num(-2147483649LL), num(-2147483649LL), true},
            {"-(2^53-1)", num(-MaxSafe), num(-MaxSafe), true},
            {"int64 min", num(std::numeric_limits<qint64>::min()), dbl(-TwoTo63), true},
            {"1.5", dbl(1.5), dbl(1.5), true},
            {"-0.25", dbl(-0.25), dbl(-0.25), true},
            {"0.1", dbl(0.1), dbl(0.1), true},
            {"1e300", dbl(1e300), dbl(1e300), false}, // notepack writes it as uint64 0
            {"5e-324", dbl(5e-324), dbl(5e-324), true},
            {"3.0", dbl(3.0), num(3), true},
            {"-0.0", dbl(-0.0), num(0), true},
            {"2^63 as double", dbl(TwoTo63), dbl(TwoTo63), true},
            {"1e19 as double", dbl(1e19), dbl(1e19), true},
            {"-1e18 as double", dbl(-1e18), dbl(-1e18), true},
            {"1e20 as double", dbl(1e20), dbl(1e20), false}, // notepack writes it as a wrong uint64
            {"NaN", dbl(std::numeric_limits<double>::quiet_NaN()), dbl(std::numeric_limits<double>::quiet_NaN()), true},
            {"Infinity", dbl(std::numeric_limits<double>::infinity()), dbl(std::numeric_limits<double>::infinity()),
             true},
            {"-Infinity", dbl(-std::numeric_limits<double>::infinity()), dbl(-std::numeric_limits<double>::infinity()),
             true},
            {"float 0.1", QVariant(0.1f), dbl(double(0.1f)), true},
            {"empty string", QString(), QString(QLatin1String("")), true},
            {"non-ASCII string", manyScripts, manyScripts, true},
            {"str 31", ascii(31), ascii(31), true},
            {"str 32", ascii(32), ascii(32), true},
            {"str 255", ascii(255), ascii(255), true},
            {"str 256", ascii(256), ascii(256), true},
            {"str 65535", ascii(65535), ascii(65535), true},
            {"str 65536", ascii(65536), ascii(65536), true},
            {"str of 11 two-byte characters", QString(11, QChar(0xe9)), QString(11, QChar(0xe9)), true},
            {"empty bin", QByteArray(), QByteArray(""), true},
            {"bin 3", bin("00ff10"), bin("00ff10"), true},
            {"bin 255", bytesOf(255), bytesOf(255), true},
            {"bin 256", bytesOf(256), bytesOf(256), true},
            {"bin 65535", bytesOf(65535), bytesOf(65535), true},
            {"bin 65536", bytesOf(65536), bytesOf(65536), true},
            {"empty array", QVariantList(), QVariantList(), true},
            {"array of kinds", QVariantList{num(1), str("a"), null(), true, dbl(2.5), bin("ff")},
             QVariantList{num(1), str("a"), null(), true, dbl(2.5), bin("ff")}, true},
            {"array 16", numbers(16), numbers(16), true},
            {"array 65536", numbers(65536), numbers(65536), true},
            {"nested arrays", QVariantList{QVariantList{QVariantList{}}}, QVariantList{QVariantList{QVariantList{}}},
             true},
            {"string list", QStringList{QStringLiteral("a"), QStringLiteral("b")}, QVariantList{str("a"), str("b")},
             true},
            {"empty map", QVariantMap(), QVariantMap(), true},
            {"one-key map", QVariantMap{{QStringLiteral("a"), num(1)}}, QVariantMap{{QStringLiteral("a"), num(1)}},
             true},
            {"one-key map, non-ASCII key", QVariantMap{{QStringLiteral("ключ"), str("значение")}},
             QVariantMap{{QStringLiteral("ключ"), str("значение")}}, true},
            {"map 16", keyed(16), keyed(16), false},
            {"nested one-key maps", nested, nested, true},
            {"hash", hash, hashAsMap, false},
            {"epoch", date(0), date(0), true},
            {"1.5 s", date(1500), date(1500), true},
            {"-1 ms", date(-1), date(-1), true},
            {"-0.5 s", date(-500), date(-500), true},
            {"2^32-1 s", date(0xffffffffLL * 1000), date(0xffffffffLL * 1000), true},
            {"2^32 s", date(0x100000000LL * 1000), date(0x100000000LL * 1000), true},
            {"2^34-1 s and 999 ms", date(((qint64(1) << 34) - 1) * 1000 + 999),
             date(((qint64(1) << 34) - 1) * 1000 + 999), true},
            {"2^34 s", date((qint64(1) << 34) * 1000), date((qint64(1) << 34) * 1000), true},
            {"2023 with ms", date(1700000000123LL), date(1700000000123LL), true},
            {"1900", date(-2208988800000LL), date(-2208988800000LL), true},
            {"latest Date", date(MaxDateMSecs), date(MaxDateMSecs), true},
            {"earliest Date", date(-MaxDateMSecs), date(-MaxDateMSecs), true},
            {"invalid date", QDateTime(), null(), false},
            {"nested value", mixed, mixed, false},
    };
}

// Collects rows written like QTest rows, for tables more than one test uses.
struct DecodeRow
{
    QByteArray name;
    QByteArray input;
    QVariant expected;
};

class DecodeRows
{
public:
    struct Adder
    {
        DecodeRow *row;
        Adder &operator<<(const QByteArray &input)
        {
            row->input = input;
            return *this;
        }
        Adder &operator<<(const QVariant &expected)
        {
            row->expected = expected;
            return *this;
        }
    };

    Adder newRow(const char *name)
    {
        m_rows.append({QByteArray(name), {}, {}});
        return Adder{&m_rows.last()};
    }

    QList<DecodeRow> m_rows;
};

// Valid input of every format and what it decodes to.
QList<DecodeRow> decodeRows()
{
    DecodeRows rows;

    rows.newRow("nil") << hex("c0") << null();
    rows.newRow("false") << hex("c2") << QVariant(false);
    rows.newRow("true") << hex("c3") << QVariant(true);

    // Integers: qint64 within Number.MAX_SAFE_INTEGER, double beyond.
    rows.newRow("fixint 0") << hex("00") << num(0);
    rows.newRow("fixint 127") << hex("7f") << num(127);
    rows.newRow("fixint -32") << hex("e0") << num(-32);
    rows.newRow("fixint -1") << hex("ff") << num(-1);
    rows.newRow("uint8 0") << hex("cc00") << num(0);
    rows.newRow("uint8 255") << hex("ccff") << num(255);
    rows.newRow("uint16 65535") << hex("cdffff") << num(65535);
    rows.newRow("uint32 2^32-1") << hex("ceffffffff") << num(0xffffffffLL);
    rows.newRow("uint64 2^53-1") << hex("cf001fffffffffffff") << num(MaxSafe);
    rows.newRow("uint64 2^53") << hex("cf0020000000000000") << dbl(TwoTo53);
    rows.newRow("uint64 2^63") << hex("cf8000000000000000") << dbl(TwoTo63);
    rows.newRow("uint64 max") << hex("cfffffffffffffffff") << dbl(TwoTo64);
    rows.newRow("int8 -128") << hex("d080") << num(-128);
    rows.newRow("int8 127") << hex("d07f") << num(127);
    rows.newRow("int16 -32768") << hex("d18000") << num(-32768);
    rows.newRow("int32 -2^31") << hex("d280000000") << num(-2147483648LL);
    rows.newRow("int64 -(2^53-1)") << hex("d3ffe0000000000001") << num(-MaxSafe);
    rows.newRow("int64 -2^53") << hex("d3ffe0000000000000") << dbl(-TwoTo53);
    rows.newRow("int64 min") << hex("d38000000000000000") << dbl(-TwoTo63);
    rows.newRow("int64 1") << hex("d30000000000000001") << num(1);

    // Floats go through the JSON reader's rule: whole and safe is qint64.
    rows.newRow("float32 1.5") << hex("ca3fc00000") << dbl(1.5);
    rows.newRow("float32 3.0") << hex("ca40400000") << num(3);
    rows.newRow("float32 0.1") << hex("ca3dcccccd") << dbl(double(0.1f));
    rows.newRow("float32 NaN") << hex("ca7fc00000") << dbl(std::numeric_limits<double>::quiet_NaN());
    rows.newRow("float64 1.5") << hex("cb3ff8000000000000") << dbl(1.5);
    rows.newRow("float64 3.0") << hex("cb4008000000000000") << num(3);
    rows.newRow("float64 -0.0") << hex("cb8000000000000000") << num(0);
    rows.newRow("float64 2^53-1") << hex("cb433fffffffffffff") << num(MaxSafe);
    rows.newRow("float64 2^53") << hex("cb4340000000000000") << dbl(TwoTo53);
    rows.newRow("float64 Infinity") << hex("cb7ff0000000000000") << dbl(std::numeric_limits<double>::infinity());

    // Strings, in every format, minimal or not.
    rows.newRow("fixstr empty") << hex("a0") << QVariant(QString(QLatin1String("")));
    rows.newRow("fixstr €") << hex("a3e282ac") << str("€");
    rows.newRow("fixstr 😀") << hex("a4f09f9880") << str("😀");
    rows.newRow("str8") << hex("d90161") << str("a");
    rows.newRow("str16") << hex("da000161") << str("a");
    rows.newRow("str32") << hex("db0000000161") << str("a");
    rows.newRow("str8 32") << hex("d920") + repeated(32, 'a') << ascii(32);
    rows.newRow("byte order mark kept") << hex("a4efbbbf61") << QVariant(QString(QChar(0xfeff)) + QLatin1Char('a'));
    rows.newRow("two byte order marks") << hex("a7efbbbfefbbbf61")
                                        << QVariant(QString(2, QChar(0xfeff)) + QLatin1Char('a'));
    rows.newRow("U+10FFFF") << hex("a4f48fbfbf") << QVariant(QString::fromUcs4(U"\U0010ffff", 1));
    rows.newRow("NUL") << hex("a100") << QVariant(QString(QChar(0)));
    rows.newRow("mixed ASCII and not, past 8 bytes") << hex("ab61626364656667c3a96869") << str("abcdefgéhi");

    // Binaries.
    rows.newRow("bin8 empty") << hex("c400") << QVariant(QByteArray(""));
    rows.newRow("bin8") << hex("c403010203") << bin("010203");
    rows.newRow("bin16") << hex("c50001ff") << bin("ff");
    rows.newRow("bin32") << hex("c600000001ff") << bin("ff");

    // Arrays and maps.
    rows.newRow("fixarray empty") << hex("90") << QVariant(QVariantList());
    rows.newRow("fixarray") << hex("920102") << QVariant(QVariantList{num(1), num(2)});
    rows.newRow("array16") << hex("dc00020102") << QVariant(QVariantList{num(1), num(2)});
    rows.newRow("array32") << hex("dd000000020102") << QVariant(QVariantList{num(1), num(2)});
    rows.newRow("fixmap empty") << hex("80") << QVariant(QVariantMap());
    rows.newRow("fixmap") << hex("81a16101") << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}});
    rows.newRow("map16") << hex("de0001a16101") << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}});
    rows.newRow("map32") << hex("df00000001a16101") << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}});
    rows.newRow("str8 key") << hex("81d90161c0") << QVariant(QVariantMap{{QStringLiteral("a"), null()}});
    rows.newRow("duplicate keys, the last wins")
            << hex("82a16101a16102") << QVariant(QVariantMap{{QStringLiteral("a"), num(2)}});
    rows.newRow("nested") << hex("81a161920181a162c0")
                          << QVariant(QVariantMap{{QStringLiteral("a"),
                                                   QVariantList{num(1), QVariantMap{{QStringLiteral("b"), null()}}}}});

    // Map keys that are not strings: the name JavaScript gives the property.
    const auto named = [](const char *key) { return QVariant(QVariantMap{{QString::fromUtf8(key), true}}); };
    rows.newRow("key 1") << hex("8101c3") << named("1");
    rows.newRow("key -1") << hex("81ffc3") << named("-1");
    rows.newRow("key uint16") << hex("81cd0100c3") << named("256");
    rows.newRow("key uint64 max") << hex("81cfffffffffffffffffc3") << named("18446744073709552000");
    rows.newRow("key 1.5") << hex("81cb3ff8000000000000c3") << named("1.5");
    rows.newRow("key 1e21") << hex("81cb444b1ae4d6e2ef50c3") << named("1e+21");
    rows.newRow("key 1e-7") << hex("81cb3e7ad7f29abcaf48c3") << named("1e-7");
    rows.newRow("key float32 0.1") << hex("81ca3dcccccdc3") << named("0.10000000149011612");
    rows.newRow("key -0.0") << hex("81cb8000000000000000c3") << named("0");
    rows.newRow("key NaN") << hex("81cb7ff8000000000000c3") << named("NaN");
    rows.newRow("key -Infinity") << hex("81cbfff0000000000000c3") << named("-Infinity");
    rows.newRow("key nil") << hex("81c0c3") << named("null");
    rows.newRow("key true") << hex("81c3c3") << named("true");
    rows.newRow("key false") << hex("81c2c3") << named("false");

    // The timestamp extension (type -1), in all three forms.
    rows.newRow("timestamp32 epoch") << hex("d6ff00000000") << date(0);
    rows.newRow("timestamp32 max") << hex("d6ffffffffff") << date(0xffffffffLL * 1000);
    rows.newRow("timestamp64 zero") << hex("d7ff0000000000000000") << date(0);
    rows.newRow("timestamp64 1.5 s") << hex("d7ff7735940000000001") << date(1500);
    rows.newRow("timestamp64 max") << hex("d7ffee2e1f03ffffffff") << date(((qint64(1) << 34) - 1) * 1000 + 999);
    rows.newRow("timestamp64 1 ns") << hex("d7ff0000000400000000") << date(0);
    rows.newRow("timestamp64 999999 ns") << hex("d7ff003d08fc00000000") << date(0);
    rows.newRow("timestamp96 2^34 s") << hex("c70cff000000000000000400000000") << date((qint64(1) << 34) * 1000);
    rows.newRow("timestamp96 -1 s") << hex("c70cff00000000ffffffffffffffff") << date(-1000);
    rows.newRow("timestamp96 -0.5 s") << hex("c70cff1dcd6500ffffffffffffffff") << date(-500);
    rows.newRow("timestamp96 -1 s + 1 ns, cut towards zero") << hex("c70cff00000001ffffffffffffffff") << date(-999);
    rows.newRow("timestamp96 latest Date") << hex("c70cff00000000000007dba8218000") << date(MaxDateMSecs);
    rows.newRow("timestamp96 past the latest Date") << hex("c70cff000f4240000007dba8218000") << null();
    rows.newRow("timestamp96 int64 max s") << hex("c70cff000000007fffffffffffffff") << null();
    rows.newRow("timestamp96 int64 min s") << hex("c70cff000000008000000000000000") << null();
    rows.newRow("timestamp in ext16") << hex("c8000cff00000000ffffffffffffffff") << date(-1000);
    rows.newRow("timestamp in ext8 of 4") << hex("c704ff00000001") << date(1000);

    // notepack 2's forms (type 0): Date as ms, undefined, ArrayBuffer.
    rows.newRow("legacy date epoch") << hex("d7000000000000000000") << date(0);
    rows.newRow("legacy date 2023") << hex("d7000000018bcfe56800") << date(1700000000000LL);
    rows.newRow("legacy date -1 ms") << hex("d700ffffffffffffffff") << date(-1);
    rows.newRow("legacy date past the latest Date") << hex("d700001eb208c2dc0001") << null();
    rows.newRow("legacy undefined") << hex("d40000") << null();
    rows.newRow("legacy undefined, any byte") << hex("d400ff") << null();
    rows.newRow("legacy ArrayBuffer ext8") << hex("c70200abcd") << bin("abcd");
    rows.newRow("legacy ArrayBuffer ext16") << hex("c8000100ab") << bin("ab");
    rows.newRow("legacy ArrayBuffer ext32 empty") << hex("c90000000000") << QVariant(QByteArray(""));
    rows.newRow("type 0 fixext4") << hex("d600aabbccdd") << extension(0, "aabbccdd");

    // Other extension types: [type, data].
    rows.newRow("fixext1") << hex("d405ab") << extension(5, "ab");
    rows.newRow("fixext2") << hex("d57fabcd") << extension(127, "abcd");
    rows.newRow("fixext4") << hex("d601aabbccdd") << extension(1, "aabbccdd");
    rows.newRow("fixext8") << hex("d7fe0102030405060708") << extension(-2, "0102030405060708");
    rows.newRow("fixext16") << hex("d880000102030405060708090a0b0c0d0e0f")
                            << extension(-128, "000102030405060708090a0b0c0d0e0f");
    rows.newRow("ext8") << hex("c70305aabbcc") << extension(5, "aabbcc");
    rows.newRow("ext8 empty") << hex("c70005") << extension(5, "");
    rows.newRow("ext16") << hex("c8000105aa") << extension(5, "aa");
    rows.newRow("ext32") << hex("c90000000105aa") << extension(5, "aa");
    return rows.m_rows;
}

} // namespace

class tst_MsgpackCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void encodeAppends();
    void encodeOtherTypes_data();
    void encodeOtherTypes();
    void decode_data();
    void decode();
    void decodeErrors_data();
    void decodeErrors();
    void decodeOneReadsAPrefix();
    void roundTrip_data();
    void roundTrip();
    void everyTruncationFails();
    void hostileLengthsFailFast_data();
    void hostileLengthsFailFast();
    void nestedHugeCountsStayBounded();
    void depthIsBounded();
    void randomBytesNeverCrash();
    void mutationsNeverCrash();

    void interopJsDecodesOurs_data();
    void interopJsDecodesOurs();
    void interopWeDecodeJs_data();
    void interopWeDecodeJs();
    void interopSameBytesAsNotepack_data();
    void interopSameBytesAsNotepack();
    void interopJsReadsLikeUs_data();
    void interopJsReadsLikeUs();

    void cleanupTestCase();

private:
    std::optional<QVariantMap> ask(const QString &codec, const QByteArray &op, const QByteArray &payload,
                                   QString *error);

    Peer m_peer;
};

#define REQUIRE_PEER()                         \
    do {                                       \
        QString peerError;                     \
        if (!m_peer.ensureStarted(&peerError)) \
            QFAIL(qPrintable(peerError));      \
    } while (false)

void tst_MsgpackCodec::encode_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("invalid") << QVariant() << hex("c0");
    QTest::newRow("nullptr") << null() << hex("c0");
    QTest::newRow("false") << QVariant(false) << hex("c2");
    QTest::newRow("true") << QVariant(true) << hex("c3");

    // Unsigned boundaries.
    QTest::newRow("0") << num(0) << hex("00");
    QTest::newRow("0x7f") << num(0x7f) << hex("7f");
    QTest::newRow("0x80") << num(0x80) << hex("cc80");
    QTest::newRow("0xff") << num(0xff) << hex("ccff");
    QTest::newRow("0x100") << num(0x100) << hex("cd0100");
    QTest::newRow("0xffff") << num(0xffff) << hex("cdffff");
    QTest::newRow("0x10000") << num(0x10000) << hex("ce00010000");
    QTest::newRow("2^32-1") << num(0xffffffffLL) << hex("ceffffffff");
    QTest::newRow("2^32") << num(0x100000000LL) << hex("cf0000000100000000");
    QTest::newRow("int64 max") << num(std::numeric_limits<qint64>::max()) << hex("cf7fffffffffffffff");
    QTest::newRow("uint64 max") << QVariant(std::numeric_limits<quint64>::max()) << hex("cfffffffffffffffff");

    // Signed boundaries.
    QTest::newRow("-1") << num(-1) << hex("ff");
    QTest::newRow("-32") << num(-32) << hex("e0");
    QTest::newRow("-33") << num(-33) << hex("d0df");
    QTest::newRow("-128") << num(-128) << hex("d080");
    QTest::newRow("-129") << num(-129) << hex("d1ff7f");
    QTest::newRow("-32768") << num(-32768) << hex("d18000");
    QTest::newRow("-32769") << num(-32769) << hex("d2ffff7fff");
    QTest::newRow("-2^31") << num(-2147483648LL) << hex("d280000000");
    QTest::newRow("-2^31-1") << num(-2147483649LL) << hex("d3ffffffff7fffffff");
    QTest::newRow("int64 min") << num(std::numeric_limits<qint64>::min()) << hex("d38000000000000000");

    // Every integral type.
    QTest::newRow("int") << QVariant(int(-5)) << hex("fb");
    QTest::newRow("uint") << QVariant(uint(200)) << hex("ccc8");
    QTest::newRow("short") << QVariant::fromValue(short(-200)) << hex("d1ff38");
    QTest::newRow("ushort") << QVariant::fromValue(ushort(65535)) << hex("cdffff");
    QTest::newRow("char") << QVariant::fromValue(char('a')) << hex("61");
    QTest::newRow("signed char") << QVariant::fromValue(static_cast<signed char>(-5)) << hex("fb");
    QTest::newRow("uchar") << QVariant::fromValue(uchar(255)) << hex("ccff");
    QTest::newRow("long") << QVariant::fromValue(long(-40000)) << hex("d2ffff63c0");
    QTest::newRow("ulong") << QVariant::fromValue(ulong(40000)) << hex("cd9c40");
    QTest::newRow("char16_t") << QVariant::fromValue(char16_t(0x20ac)) << hex("cd20ac");
    QTest::newRow("char32_t") << QVariant::fromValue(char32_t(0x1f600)) << hex("ce0001f600");
    QTest::newRow("enum") << QVariant::fromValue(Qt::AlignRight) << hex("02");

    // Doubles: whole numbers an integer format holds are integers, all else float64.
    QTest::newRow("0.0") << dbl(0.0) << hex("00");
    QTest::newRow("-0.0") << dbl(-0.0) << hex("00");
    QTest::newRow("3.0") << dbl(3.0) << hex("03");
    QTest::newRow("-33.0") << dbl(-33.0) << hex("d0df");
    QTest::newRow("65536.0") << dbl(65536.0) << hex("ce00010000");
    QTest::newRow("1.5") << dbl(1.5) << hex("cb3ff8000000000000");
    QTest::newRow("-1.5") << dbl(-1.5) << hex("cbbff8000000000000");
    QTest::newRow("NaN") << dbl(std::numeric_limits<double>::quiet_NaN()) << hex("cb7ff8000000000000");
    QTest::newRow("Infinity") << dbl(std::numeric_limits<double>::infinity()) << hex("cb7ff0000000000000");
    QTest::newRow("-Infinity") << dbl(-std::numeric_limits<double>::infinity()) << hex("cbfff0000000000000");
    QTest::newRow("2^53 as double") << dbl(TwoTo53) << hex("cf0020000000000000");
    QTest::newRow("2^63 as double") << dbl(TwoTo63) << hex("cf8000000000000000");
    QTest::newRow("largest double below 2^64") << dbl(18446744073709549568.0) << hex("cffffffffffffff800");
    QTest::newRow("2^64 as double") << dbl(TwoTo64) << hex("cb43f0000000000000");
    QTest::newRow("-2^63 as double") << dbl(-TwoTo63) << hex("d38000000000000000");
    QTest::newRow("below -2^63") << dbl(-9223372036854777856.0) << hex("cbc3e0000000000001");
    QTest::newRow("1e300") << dbl(1e300) << hex("cb7e37e43c8800759c");
    QTest::newRow("float 1.5") << QVariant(1.5f) << hex("cb3ff8000000000000");
    QTest::newRow("float 2.0") << QVariant(2.0f) << hex("02");
    QTest::newRow("float 0.1") << QVariant(0.1f) << hex("cb3fb99999a0000000");

    // Strings at every header boundary (UTF-8 bytes, not characters).
    QTest::newRow("empty string") << QVariant(QString()) << hex("a0");
    QTest::newRow("str 1") << str("a") << hex("a161");
    QTest::newRow("str 31") << ascii(31) << hex("bf") + repeated(31, 'a');
    QTest::newRow("str 32") << ascii(32) << hex("d920") + repeated(32, 'a');
    QTest::newRow("str 255") << ascii(255) << hex("d9ff") + repeated(255, 'a');
    QTest::newRow("str 256") << ascii(256) << hex("da0100") + repeated(256, 'a');
    QTest::newRow("str 65535") << ascii(65535) << hex("daffff") + repeated(65535, 'a');
    QTest::newRow("str 65536") << ascii(65536) << hex("db00010000") + repeated(65536, 'a');
    QTest::newRow("two-byte character") << str("é") << hex("a2c3a9");
    QTest::newRow("three-byte character") << str("€") << hex("a3e282ac");
    QTest::newRow("surrogate pair") << str("😀") << hex("a4f09f9880");
    QTest::newRow("lone surrogate") << QVariant(QString(QChar(0xd800))) << hex("a3efbfbd");
    QTest::newRow("16 two-byte characters (32 bytes)")
            << QVariant(QString(16, QChar(0xe9))) << hex("d920") + QString(16, QChar(0xe9)).toUtf8();
    QTest::newRow("11 two-byte characters (22 bytes)")
            << QVariant(QString(11, QChar(0xe9))) << hex("b6") + QString(11, QChar(0xe9)).toUtf8();
    QTest::newRow("22000 ASCII characters") << ascii(22000) << hex("da55f0") + repeated(22000, 'a');
    QTest::newRow("100 three-byte characters")
            << QVariant(QString(100, QChar(0x20ac))) << hex("da012c") + QString(100, QChar(0x20ac)).toUtf8();

    // Binaries.
    QTest::newRow("empty bin") << QVariant(QByteArray()) << hex("c400");
    QTest::newRow("bin 1") << bin("ab") << hex("c401ab");
    QTest::newRow("bin 255") << QVariant(bytesOf(255)) << hex("c4ff") + bytesOf(255);
    QTest::newRow("bin 256") << QVariant(bytesOf(256)) << hex("c50100") + bytesOf(256);
    QTest::newRow("bin 65535") << QVariant(bytesOf(65535)) << hex("c5ffff") + bytesOf(65535);
    QTest::newRow("bin 65536") << QVariant(bytesOf(65536)) << hex("c600010000") + bytesOf(65536);

    // Arrays.
    QTest::newRow("empty array") << QVariant(QVariantList()) << hex("90");
    QTest::newRow("array of kinds") << QVariant(QVariantList{num(1), str("a"), null()}) << hex("9301a161c0");
    QTest::newRow("array 15") << QVariant(numbers(15)) << hex("9f") + numbersBytes(15);
    QTest::newRow("array 16") << QVariant(numbers(16)) << hex("dc0010") + numbersBytes(16);
    QTest::newRow("array 65535") << QVariant(numbers(65535)) << hex("dcffff") + numbersBytes(65535);
    QTest::newRow("array 65536") << QVariant(numbers(65536)) << hex("dd00010000") + numbersBytes(65536);
    QTest::newRow("string list") << QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")})
                                 << hex("92a161a162");

    // Maps.
    QTest::newRow("empty map") << QVariant(QVariantMap()) << hex("80");
    QTest::newRow("map 1") << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}}) << hex("81a16101");
    QTest::newRow("map 15") << QVariant(keyed(15)) << hex("8f") + keyedBytes(15);
    QTest::newRow("map 16") << QVariant(keyed(16)) << hex("de0010") + keyedBytes(16);
    QTest::newRow("map 65535") << QVariant(keyed(65535)) << hex("deffff") + keyedBytes(65535);
    QTest::newRow("map 65536") << QVariant(keyed(65536)) << hex("df00010000") + keyedBytes(65536);
    QTest::newRow("hash, sorted keys") << QVariant(
            QVariantHash{{QStringLiteral("b"), num(2)}, {QStringLiteral("a"), num(1)}})
                                       << hex("82a16101a16202");
    QTest::newRow("nested") << QVariant(
            QVariantMap{{QStringLiteral("a"), QVariantList{num(1), QVariantMap{{QStringLiteral("b"), null()}}}}})
                            << hex("81a161920181a162c0");

    // Dates: the timestamp extension in notepack's three forms.
    QTest::newRow("date epoch") << date(0) << hex("d6ff00000000");
    QTest::newRow("date 2^32-1 s") << date(0xffffffffLL * 1000) << hex("d6ffffffffff");
    QTest::newRow("date 2^32 s") << date(0x100000000LL * 1000) << hex("d7ff0000000100000000");
    QTest::newRow("date 1.5 s") << date(1500) << hex("d7ff7735940000000001");
    QTest::newRow("date 1 ms") << date(1) << hex("d7ff003d090000000000");
    QTest::newRow("date 2^34-1 s 999 ms") << date(((qint64(1) << 34) - 1) * 1000 + 999) << hex("d7ffee2e1f03ffffffff");
    QTest::newRow("date 2^34 s") << date((qint64(1) << 34) * 1000) << hex("c70cff000000000000000400000000");
    QTest::newRow("date -1 s") << date(-1000) << hex("c70cff00000000ffffffffffffffff");
    QTest::newRow("date -0.5 s") << date(-500) << hex("c70cff1dcd6500ffffffffffffffff");
    QTest::newRow("date -1 ms") << date(-1) << hex("c70cff3b8b87c0ffffffffffffffff");
    QTest::newRow("date in a time zone") << QVariant(QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::OffsetFromUTC, 3600))
                                         << hex("c70cff00000000fffffffffffff1f0");
    QTest::newRow("invalid date") << QVariant(QDateTime()) << hex("c0");
}

void tst_MsgpackCodec::encode()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);

    const QByteArray actual = Msgpack::encode(value);
    if (actual.size() <= 64)
        QCOMPARE(actual.toHex(), expected.toHex());
    else
        QVERIFY2(actual == expected,
                 QByteArray("long encodings differ: " + actual.left(16).toHex() + "...").constData());
}

void tst_MsgpackCodec::encodeAppends()
{
    QByteArray out("x");
    Msgpack::encode(num(1), out);
    Msgpack::encode(ascii(40), out);
    QCOMPARE(out, QByteArray("x\x01\xd9\x28", 4) + repeated(40, 'a'));
}

void tst_MsgpackCodec::encodeOtherTypes_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("decoded");

    QTest::newRow("QUrl") << QVariant(QUrl(QStringLiteral("https://example.com/a?b=c")))
                          << QVariant(QStringLiteral("https://example.com/a?b=c"));
    const QUuid uuid = QUuid::fromString(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"));
    QTest::newRow("QUuid") << QVariant(uuid) << QVariant(uuid.toString());
    QTest::newRow("QDate") << QVariant(QDate(2020, 1, 2)) << str("2020-01-02");
    QTest::newRow("QChar") << QVariant(QChar(0xe9)) << str("é");
    QTest::newRow("QList<int>") << QVariant::fromValue(QList<int>{1, -2}) << QVariant(QVariantList{num(1), num(-2)});
    QTest::newRow("QByteArrayList") << QVariant::fromValue(QByteArrayList{"a", "b"})
                                    << QVariant(QVariantList{bin("61"), bin("62")});
    QTest::newRow("QJsonValue") << QVariant(QJsonValue(2.5)) << dbl(2.5);
    QTest::newRow("QJsonObject") << QVariant(QJsonObject{{QStringLiteral("a"), QJsonArray{1, true}}})
                                 << QVariant(QVariantMap{{QStringLiteral("a"), QVariantList{num(1), true}}});
    QTest::newRow("QJsonArray") << QVariant(QJsonArray{QStringLiteral("x"), QJsonValue::Null})
                                << QVariant(QVariantList{str("x"), null()});
    QTest::newRow("QJsonDocument") << QVariant(QJsonDocument(QJsonArray{1})) << QVariant(QVariantList{num(1)});
    QTest::newRow("QSize: nil") << QVariant(QSize(1, 2)) << null();
}

void tst_MsgpackCodec::encodeOtherTypes()
{
    QFETCH(QVariant, value);
    QFETCH(QVariant, decoded);

    const std::optional<QVariant> actual = Msgpack::decode(Msgpack::encode(value));
    QVERIFY(actual);
    QCOMPARE(describe(*actual), describe(decoded));
}

void tst_MsgpackCodec::decode_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QVariant>("expected");

    for (const DecodeRow &row : decodeRows())
        QTest::newRow(row.name.constData()) << row.input << row.expected;
}

void tst_MsgpackCodec::decode()
{
    QFETCH(QByteArray, input);
    QFETCH(QVariant, expected);

    QString error;
    const std::optional<QVariant> value = Msgpack::decode(input, &error);
    QVERIFY2(value, qPrintable(error));
    QCOMPARE(describe(*value), describe(expected));

    qsizetype consumed = -1;
    QVERIFY(Msgpack::decodeOne(QByteArray(input + hex("c0c1")), &consumed));
    QCOMPARE(consumed, input.size());

    // No proper prefix of a value is a value.
    for (qsizetype length = 0; length < input.size(); ++length) {
        error.clear();
        QVERIFY2(!Msgpack::decode(input.left(length), &error), qPrintable(QString::number(length)));
        QVERIFY(!error.isEmpty());
    }
}

void tst_MsgpackCodec::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason"); // a part of the error message

    const QString ends = QStringLiteral("input ends");
    const QString needs = QStringLiteral("needs at least");
    const QString utf8 = QStringLiteral("UTF-8");
    const QString key = QStringLiteral("map key");
    const QString timestamp = QStringLiteral("timestamp");

    QTest::newRow("empty") << QByteArray() << ends;
    QTest::newRow("0xc1") << hex("c1") << QStringLiteral("0xc1");
    QTest::newRow("0xc1 in an array") << hex("9201c1") << QStringLiteral("0xc1");
    QTest::newRow("trailing byte") << hex("0101") << QStringLiteral("1 bytes follow");
    QTest::newRow("trailing nil") << hex("90c0") << QStringLiteral("1 bytes follow");

    // Truncated headers and payloads.
    QTest::newRow("uint8 without its byte") << hex("cc") << ends;
    QTest::newRow("uint64 short") << hex("cf00000000000000") << ends;
    QTest::newRow("float64 short") << hex("cb3ff8") << ends;
    QTest::newRow("str8 without length") << hex("d9") << ends;
    QTest::newRow("str8 short") << hex("d90561") << needs;
    QTest::newRow("fixstr short") << hex("a261") << needs;
    QTest::newRow("array short") << hex("92cd01") << ends;
    QTest::newRow("array count beyond the input") << hex("9201") << needs;
    QTest::newRow("map without value") << hex("81a161") << ends;
    QTest::newRow("map without key") << hex("81") << needs;
    QTest::newRow("bin8 short") << hex("c40200") << needs;
    QTest::newRow("ext8 without type") << hex("c701") << needs;
    QTest::newRow("ext8 without data") << hex("c70105") << needs;
    QTest::newRow("fixext1 without type") << hex("d4") << needs;
    QTest::newRow("fixext1 without data") << hex("d405") << needs;
    QTest::newRow("timestamp64 short") << hex("d7ff00") << needs;

    // Ill-formed UTF-8.
    QTest::newRow("lone continuation byte") << hex("a180") << utf8;
    QTest::newRow("0xff") << hex("a1ff") << utf8;
    QTest::newRow("overlong 2 bytes") << hex("a2c080") << utf8;
    QTest::newRow("overlong 2 bytes, c1") << hex("a2c1bf") << utf8;
    QTest::newRow("overlong 3 bytes") << hex("a3e08080") << utf8;
    QTest::newRow("overlong 4 bytes") << hex("a4f0808080") << utf8;
    QTest::newRow("surrogate") << hex("a3eda080") << utf8;
    QTest::newRow("above U+10FFFF") << hex("a4f4908080") << utf8;
    QTest::newRow("lead byte f5") << hex("a4f5808080") << utf8;
    QTest::newRow("sequence cut by the string's end") << hex("a361e282") << utf8;
    QTest::newRow("missing continuation") << hex("a3e26161") << utf8;
    QTest::newRow("ill-formed key") << hex("81a1ff01") << utf8;

    // Map keys JavaScript and @msgpack/msgpack have no name for.
    QTest::newRow("array key") << hex("819001") << key;
    QTest::newRow("map key") << hex("818001") << key;
    QTest::newRow("array16 key") << hex("81dc000001") << key;
    QTest::newRow("bin key") << hex("81c40001") << key;
    QTest::newRow("timestamp key") << hex("81d6ff0000000001") << key;
    QTest::newRow("ext key") << hex("81c7000501") << key;
    QTest::newRow("0xc1 key") << hex("81c101") << QStringLiteral("0xc1");

    // Timestamps of other sizes.
    QTest::newRow("timestamp fixext1") << hex("d4ff00") << timestamp;
    QTest::newRow("timestamp fixext2") << hex("d5ff0000") << timestamp;
    QTest::newRow("timestamp fixext16") << hex("d8ff00000000000000000000000000000000") << timestamp;
    QTest::newRow("timestamp ext8 of 5") << hex("c705ff0000000000") << timestamp;
    QTest::newRow("timestamp ext8 of 0") << hex("c700ff") << timestamp;

    // Declared lengths larger than the input.
    QTest::newRow("str32 of 4 GiB") << hex("dbffffffff61") << needs;
    QTest::newRow("bin32 of 4 GiB") << hex("c6ffffffff00") << needs;
    QTest::newRow("ext32 of 4 GiB") << hex("c9ffffffff0500") << needs;
    QTest::newRow("array32 of 4 G elements") << hex("ddffffffff0000000000") << needs;
    QTest::newRow("map32 of 4 G pairs") << hex("dfffffffff0000000000") << needs;
    QTest::newRow("array16 one short") << hex("dc000301") + hex("01") << needs;
    QTest::newRow("map16 pairs beyond the input") << hex("de0002a16101") << needs;
}

void tst_MsgpackCodec::decodeErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);

    QString error;
    const std::optional<QVariant> value = Msgpack::decode(input, &error);
    QVERIFY2(!value, describe(value.value_or(QVariant())).constData());
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(!Msgpack::decode(input)); // without an error string too
}

void tst_MsgpackCodec::decodeOneReadsAPrefix()
{
    qsizetype consumed = -1;
    QString error;
    std::optional<QVariant> value = Msgpack::decodeOne(hex("010203"), &consumed, &error);
    QVERIFY(value);
    QCOMPARE(describe(*value), describe(num(1)));
    QCOMPARE(consumed, 1);

    value = Msgpack::decodeOne(hex("920102c1ff"), &consumed, &error);
    QVERIFY(value);
    QCOMPARE(describe(*value), describe(QVariantList{num(1), num(2)}));
    QCOMPARE(consumed, 3);

    // Values one after another: the reader of a stream of them.
    const QByteArray stream = Msgpack::encode(str("a")) + Msgpack::encode(num(-300)) + Msgpack::encode(date(1500));
    QVariantList values;
    for (QByteArrayView rest(stream); !rest.isEmpty();) {
        value = Msgpack::decodeOne(rest, &consumed, &error);
        QVERIFY2(value, qPrintable(error));
        values.append(*value);
        rest = rest.sliced(consumed);
    }
    QCOMPARE(describe(values), describe(QVariantList{str("a"), num(-300), date(1500)}));

    consumed = -1;
    QVERIFY(!Msgpack::decodeOne(hex("9201"), &consumed, &error));
    QCOMPARE(consumed, -1); // untouched on failure
    QVERIFY(!error.isEmpty());
    QVERIFY(Msgpack::decodeOne(hex("c0"), nullptr)); // consumed is optional
}

void tst_MsgpackCodec::roundTrip_data()
{
    QTest::addColumn<QVariant>("value");

    for (const CorpusEntry &entry : corpus())
        QTest::newRow(entry.name) << entry.expected; // the decoded forms are fixed points
    QTest::newRow("extension pair") << extension(5, "aabb");
    QTest::newRow("map 65536") << QVariant(keyed(65536));
    QTest::newRow("deep") << [] {
        QVariant value = num(1);
        for (int i = 0; i < Msgpack::MaxDepth; ++i)
            value = i % 2 ? QVariant(QVariantList{value}) : QVariant(QVariantMap{{QStringLiteral("k"), value}});
        return value;
    }();
}

void tst_MsgpackCodec::roundTrip()
{
    QFETCH(QVariant, value);

    QString error;
    const std::optional<QVariant> decoded = Msgpack::decode(Msgpack::encode(value), &error);
    QVERIFY2(decoded, qPrintable(error));
    QCOMPARE(describe(*decoded), describe(value));
}

void tst_MsgpackCodec::everyTruncationFails()
{
    const QByteArray bytes = Msgpack::encode(nestedValue());
    QVERIFY(Msgpack::decode(bytes));
    for (qsizetype length = 0; length < bytes.size(); ++length) {
        QString error;
        qsizetype consumed = -1;
        QVERIFY2(!Msgpack::decode(bytes.first(length), &error), qPrintable(QString::number(length)));
        QVERIFY(!error.isEmpty());
        QVERIFY(!Msgpack::decodeOne(bytes.first(length), &consumed));
        QCOMPARE(consumed, -1);
    }
}

void tst_MsgpackCodec::hostileLengthsFailFast_data()
{
    QTest::addColumn<QByteArray>("input");

    const QByteArray padding(10, '\0');
    QTest::newRow("array32") << hex("ddffffffff") + padding;
    QTest::newRow("map32") << hex("dfffffffff") + padding;
    QTest::newRow("str32") << hex("dbffffffff") + padding;
    QTest::newRow("bin32") << hex("c6ffffffff") + padding;
    QTest::newRow("ext32") << hex("c9ffffffff05") + padding;
    QTest::newRow("array32 in array32 in array32")
            << hex("dd00000100") + hex("dd00000100") + hex("ddffffffff") + padding;
    QTest::newRow("array32 as a map key's value") << hex("81a161ddffffffff") + padding;
}

void tst_MsgpackCodec::hostileLengthsFailFast()
{
    QFETCH(QByteArray, input);

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 1000; ++i)
        QVERIFY(!Msgpack::decode(input));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

// Every level announces as many elements as there are bytes after it, so each
// count passes the length check: what one level reserves must stay small.
void tst_MsgpackCodec::nestedHugeCountsStayBounded()
{
    constexpr int levels = 500;
    constexpr qsizetype size = 1024 * 1024;
    QByteArray input;
    input.reserve(size);
    for (int i = 0; i < levels; ++i) {
        const quint32 left = quint32(size - input.size() - 5);
        input += char(0xdd);
        char count[4];
        qToBigEndian(left, count);
        input.append(count, 4);
    }
    input.append(size - input.size(), '\0');

    QElapsedTimer timer;
    timer.start();
    QString error;
    QVERIFY(!Msgpack::decode(input, &error));
    QVERIFY2(error.contains(QLatin1String("input ends")), qPrintable(error));
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

void tst_MsgpackCodec::depthIsBounded()
{
    const auto arrays = [](int depth) -> QByteArray { return QByteArray(depth, char(0x91)) + hex("c0"); };
    const auto maps = [](int depth) -> QByteArray {
        QByteArray bytes;
        for (int i = 0; i < depth; ++i)
            bytes += hex("81a16b");
        return bytes + hex("c0");
    };

    QString error;
    QVERIFY2(Msgpack::decode(arrays(Msgpack::MaxDepth), &error), qPrintable(error));
    QVERIFY2(Msgpack::decode(maps(Msgpack::MaxDepth), &error), qPrintable(error));
    QVERIFY(!Msgpack::decode(arrays(Msgpack::MaxDepth + 1), &error));
    QVERIFY2(error.contains(QLatin1String("deeper than 512")), qPrintable(error));
    QVERIFY(!Msgpack::decode(maps(Msgpack::MaxDepth + 1), &error));
    QVERIFY2(error.contains(QLatin1String("deeper")), qPrintable(error));

    // A million levels: refused at the limit, not by running out of stack.
    QVERIFY(!Msgpack::decode(QByteArray(1000000, char(0x91)), &error));
    QVERIFY2(error.contains(QLatin1String("deeper")), qPrintable(error));
    QVERIFY(!Msgpack::decode(QByteArray(1000000, char(0xdc)), &error));
}

// Random input, biased towards format bytes: never a crash, and whatever
// decodes encodes back to bytes that decode to the same value.
void tst_MsgpackCodec::randomBytesNeverCrash()
{
    static const uchar interesting[] = {0x00, 0x7f, 0x81, 0x91, 0x9f, 0xa1, 0xbf, 0xc0, 0xc1, 0xc2, 0xc4,
                                        0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd6,
                                        0xd7, 0xd8, 0xd9, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff};
    QRandomGenerator random(20261207);
    int decoded = 0;
    for (int round = 0; round < 50000; ++round) {
        QByteArray input(random.bounded(0, 40), Qt::Uninitialized);
        for (char &byte : input) {
            byte = random.bounded(2) ? char(interesting[random.bounded(int(sizeof interesting))])
                                     : char(random.bounded(256));
        }
        qsizetype consumed = -1;
        const std::optional<QVariant> value = Msgpack::decodeOne(input, &consumed);
        if (!value)
            continue;
        ++decoded;
        QVERIFY(consumed > 0 && consumed <= input.size());
        const std::optional<QVariant> again = Msgpack::decode(Msgpack::encode(*value));
        QVERIFY2(again, input.toHex().constData());
        QCOMPARE(describe(*again), describe(*value));
    }
    QVERIFY(decoded > 1000); // the bias reaches past the first byte
}

void tst_MsgpackCodec::mutationsNeverCrash()
{
    const QByteArray valid = Msgpack::encode(nestedValue());
    QRandomGenerator random(7);
    for (int round = 0; round < 20000; ++round) {
        QByteArray input = valid;
        const int changes = random.bounded(1, 4);
        for (int i = 0; i < changes; ++i)
            input[random.bounded(int(input.size()))] = char(random.bounded(256));
        if (random.bounded(4) == 0)
            input.truncate(random.bounded(int(input.size())));
        const std::optional<QVariant> value = Msgpack::decode(input);
        if (value)
            QVERIFY(Msgpack::decode(Msgpack::encode(*value)));
    }
}

std::optional<QVariantMap> tst_MsgpackCodec::ask(const QString &codec, const QByteArray &op, const QByteArray &payload,
                                                 QString *error)
{
    QByteArray line = "{\"codec\":\"" + codec.toLatin1() + "\",\"op\":\"" + op + "\",";
    if (op == "decode")
        line += "\"hex\":\"" + payload.toHex() + '"';
    else
        line += "\"json\":" + payload;
    line += '}';
    return m_peer.request(line, error);
}

void tst_MsgpackCodec::interopJsDecodesOurs_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    for (const CorpusEntry &entry : corpus()) {
        for (const QString &codec : {QStringLiteral("notepack"), QStringLiteral("msgpack")})
            QTest::addRow("%s: %s", qPrintable(codec), entry.name) << codec << entry.value << entry.expected;
    }
}

// Our bytes, read by the Node codecs, give the value we read back ourselves.
void tst_MsgpackCodec::interopJsDecodesOurs()
{
    QFETCH(QString, codec);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    REQUIRE_PEER();

    const QByteArray bytes = Msgpack::encode(value);
    const std::optional<QVariant> ours = Msgpack::decode(bytes);
    QVERIFY(ours);
    QCOMPARE(describe(*ours), describe(expected));

    QString error;
    const std::optional<QVariantMap> answer = ask(codec, "decode", bytes, &error);
    QVERIFY2(answer, qPrintable(error));
    QVERIFY2(answer->contains(QStringLiteral("value")), qPrintable(answer->value(QStringLiteral("error")).toString()));
    QCOMPARE(describe(fromTagged(answer->value(QStringLiteral("value")))), describe(expected));
}

void tst_MsgpackCodec::interopWeDecodeJs_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QByteArray>("json"); // the JavaScript value, tagged
    QTest::addColumn<QVariant>("expected");

    struct Case
    {
        const char *json;
        QVariant expected;
    };
    const QByteArray long65536 = '"' + repeated(65536, 'a') + '"';
    const QByteArray bin65536 = "{\"$bin\":\"" + bytesOf(65536).toHex() + "\"}";
    const QList<Case> cases = {
            {"null", null()},
            {"true", true},
            {"false", false},
            {"{\"$undefined\":true}", null()},
            {"0", num(0)},
            {"127", num(127)},
            {"128", num(128)},
            {"255", num(255)},
            {"256", num(256)},
            {"65535", num(65535)},
            {"65536", num(65536)},
            {"4294967295", num(0xffffffffLL)},
            {"4294967296", num(0x100000000LL)},
            {"9007199254740991", num(MaxSafe)},
            {"9007199254740992", dbl(TwoTo53)},
            {"10000000000000000000", dbl(1e19)},
            {"-1", num(-1)},
            {"-32", num(-32)},
            {"-33", num(-33)},
            {"-128", num(-128)},
            {"-129", num(-129)},
            {"-32768", num(-32768)},
            {"-32769", num(-32769)},
            {"-2147483648", num(-2147483648LL)},
            {"-2147483649", num(-2147483649LL)},
            {"-9007199254740991", num(-MaxSafe)},
            {"-1000000000000000000", dbl(-1e18)},
            {"1.5", dbl(1.5)},
            {"-0.1", dbl(-0.1)},
            {"3.0", num(3)},
            {"5e-324", dbl(5e-324)},
            {"{\"$num\":\"NaN\"}", dbl(std::numeric_limits<double>::quiet_NaN())},
            {"{\"$num\":\"Infinity\"}", dbl(std::numeric_limits<double>::infinity())},
            {"{\"$num\":\"-Infinity\"}", dbl(-std::numeric_limits<double>::infinity())},
            {"{\"$num\":\"-0\"}", num(0)},
            {"\"\"", QString(QLatin1String(""))},
            {"\"héllo wörld € 😀 日本語\"", str("héllo wörld € 😀 日本語")},
            {"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", ascii(33)},
            {long65536.constData(), ascii(65536)},
            {"{\"$bin\":\"\"}", QByteArray("")},
            {"{\"$bin\":\"00ff10\"}", bin("00ff10")},
            {bin65536.constData(), bytesOf(65536)},
            {"[]", QVariantList()},
            {"[1,\"x\",null,true,{\"$bin\":\"01\"},[2,[3]]]",
             QVariantList{num(1), str("x"), null(), true, bin("01"), QVariantList{num(2), QVariantList{num(3)}}}},
            {"[{\"$undefined\":true}]", QVariantList{null()}},
            {"{\"a\":{\"b\":[1,{\"c\":{\"$date\":1500}}]},\"d\":\"e\",\"ключ\":-1.25}",
             QVariantMap{{QStringLiteral("a"),
                          QVariantMap{{QStringLiteral("b"),
                                       QVariantList{num(1), QVariantMap{{QStringLiteral("c"), date(1500)}}}}}},
                         {QStringLiteral("d"), str("e")},
                         {QStringLiteral("ключ"), dbl(-1.25)}}},
            {"{\"1\":1,\"b\":2}", QVariantMap{{QStringLiteral("1"), num(1)}, {QStringLiteral("b"), num(2)}}},
            {"{\"$date\":0}", date(0)},
            {"{\"$date\":1500}", date(1500)},
            {"{\"$date\":1700000000123}", date(1700000000123LL)},
            {"{\"$date\":-1}", date(-1)},
            {"{\"$date\":-500}", date(-500)},
            {"{\"$date\":-2208988800000}", date(-2208988800000LL)},
            {"{\"$date\":4294967295000}", date(4294967295000LL)},
            {"{\"$date\":4294967296000}", date(4294967296000LL)},
            {"{\"$date\":17179869184000}", date(17179869184000LL)},
            {"{\"$date\":8640000000000000}", date(MaxDateMSecs)},
            {"{\"$date\":-8640000000000000}", date(-MaxDateMSecs)},
    };
    for (const QString &codec : {QStringLiteral("notepack"), QStringLiteral("msgpack")}) {
        for (const Case &entry : cases) {
            QTest::addRow("%s: %.60s", qPrintable(codec), entry.json)
                    << codec << QByteArray(entry.json) << entry.expected;
        }
        // 16 elements and 16 keys: array16 and map16.
        QTest::addRow("%s: array of 16", qPrintable(codec))
                << codec << QByteArray("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]") << QVariant(numbers(16));
        QByteArray sixteenKeys = "{";
        for (int i = 0; i < 16; ++i)
            sixteenKeys += (i ? "," : "") + QByteArray("\"k") + QByteArray::number(i).rightJustified(5, '0') + "\":1";
        QTest::addRow("%s: map of 16", qPrintable(codec)) << codec << sixteenKeys + '}' << QVariant(keyed(16));
    }
    // notepack writes whole numbers from 2^64 on as uint64, wrongly: we read what it sent.
    QTest::newRow("notepack: 1e300, written as 0") << QStringLiteral("notepack") << QByteArray("1e300") << num(0);
    QTest::newRow("msgpack: 1e300") << QStringLiteral("msgpack") << QByteArray("1e300") << dbl(1e300);
    // A key whose value is undefined: notepack leaves it out, @msgpack writes nil.
    const QByteArray undefinedValue = "{\"a\":1,\"b\":{\"$undefined\":true}}";
    QTest::newRow("notepack: undefined value")
            << QStringLiteral("notepack") << undefinedValue << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}});
    QTest::newRow("msgpack: undefined value")
            << QStringLiteral("msgpack") << undefinedValue
            << QVariant(QVariantMap{{QStringLiteral("a"), num(1)}, {QStringLiteral("b"), null()}});
}

// The Node codecs' bytes, read by us, give the value they encoded.
void tst_MsgpackCodec::interopWeDecodeJs()
{
    QFETCH(QString, codec);
    QFETCH(QByteArray, json);
    QFETCH(QVariant, expected);
    REQUIRE_PEER();

    QString error;
    const std::optional<QVariantMap> answer = ask(codec, "encode", json, &error);
    QVERIFY2(answer, qPrintable(error));
    QVERIFY2(answer->contains(QStringLiteral("hex")), qPrintable(answer->value(QStringLiteral("error")).toString()));
    const QByteArray bytes = QByteArray::fromHex(answer->value(QStringLiteral("hex")).toString().toLatin1());
    const std::optional<QVariant> value = Msgpack::decode(bytes, &error);
    QVERIFY2(value, qPrintable(error + QStringLiteral(" in ") + QString::fromLatin1(bytes.left(64).toHex())));
    QCOMPARE(describe(*value), describe(expected));
}

void tst_MsgpackCodec::interopSameBytesAsNotepack_data()
{
    QTest::addColumn<QVariant>("value");

    for (const CorpusEntry &entry : corpus()) {
        if (entry.sameBytesAsNotepack)
            QTest::newRow(entry.name) << entry.value;
    }
}

// For values without key-order freedom, notepack's bytes are ours.
void tst_MsgpackCodec::interopSameBytesAsNotepack()
{
    QFETCH(QVariant, value);
    REQUIRE_PEER();

    const QByteArray json = QJsonDocument(QJsonArray{toTagged(value)}).toJson(QJsonDocument::Compact);
    QString error;
    const std::optional<QVariantMap> answer =
            ask(QStringLiteral("notepack"), "encode", json.mid(1, json.size() - 2), &error);
    QVERIFY2(answer, qPrintable(error));
    QVERIFY2(answer->contains(QStringLiteral("hex")), qPrintable(answer->value(QStringLiteral("error")).toString()));
    const QByteArray theirs = answer->value(QStringLiteral("hex")).toString().toLatin1();
    const QByteArray ours = Msgpack::encode(value).toHex();
    if (ours.size() <= 128)
        QCOMPARE(ours, theirs);
    else
        QVERIFY2(ours == theirs,
                 QByteArray("long encodings differ: ours " + ours.left(32) + "..., notepack's " + theirs.left(32))
                         .constData());
}

void tst_MsgpackCodec::interopJsReadsLikeUs_data()
{
    QTest::addColumn<QString>("codec");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QVariant>("expected"); // "<error>" when the codec throws

    const QVariant thrown = QStringLiteral("<error>");
    const QVariant undefined = QStringLiteral("<undefined>");
    // Where the codecs read otherwise than we do, by design. JavaScript keeps
    // the sign of zero, which we read as 0 as the JSON reader does.
    const QHash<QByteArray, QVariant> notepack = {
            {"float64 -0.0", dbl(-0.0)},
            {"legacy undefined", undefined},
            {"legacy undefined, any byte", undefined},
            // notepack knows the timestamp extension only in ext8, where it reads 12 bytes whatever the length.
            {"timestamp in ext16", extension(-1, "00000000ffffffffffffffff")},
            {"timestamp in ext8 of 4", thrown},
    };
    const QHash<QByteArray, QVariant> msgpack = {
            {"float64 -0.0", dbl(-0.0)},
            // @msgpack/msgpack has no notepack 2 forms: type 0 is just another extension.
            {"legacy date epoch", extension(0, "0000000000000000")},
            {"legacy date 2023", extension(0, "0000018bcfe56800")},
            {"legacy date -1 ms", extension(0, "ffffffffffffffff")},
            {"legacy date past the latest Date", extension(0, "001eb208c2dc0001")},
            {"legacy undefined", extension(0, "00")},
            {"legacy undefined, any byte", extension(0, "ff")},
            {"legacy ArrayBuffer ext8", extension(0, "abcd")},
            {"legacy ArrayBuffer ext16", extension(0, "ab")},
            {"legacy ArrayBuffer ext32 empty", extension(0, "")},
            // It takes only strings and numbers as map keys.
            {"key nil", thrown},
            {"key true", thrown},
            {"key false", thrown},
    };
    for (const DecodeRow &row : decodeRows()) {
        QTest::addRow("notepack: %s", row.name.constData())
                << QStringLiteral("notepack") << row.input << notepack.value(row.name, row.expected);
        QTest::addRow("msgpack: %s", row.name.constData())
                << QStringLiteral("msgpack") << row.input << msgpack.value(row.name, row.expected);
    }
}

// What we read from bytes, the Node codecs read too: numbers, keys, dates.
void tst_MsgpackCodec::interopJsReadsLikeUs()
{
    QFETCH(QString, codec);
    QFETCH(QByteArray, input);
    QFETCH(QVariant, expected);
    REQUIRE_PEER();

    QString error;
    const std::optional<QVariantMap> answer = ask(codec, "decode", input, &error);
    QVERIFY2(answer, qPrintable(error));
    if (answer->contains(QStringLiteral("error"))) {
        QVERIFY2(expected == QVariant(QStringLiteral("<error>")),
                 qPrintable(answer->value(QStringLiteral("error")).toString()));
        return;
    }
    QCOMPARE(describe(fromTagged(answer->value(QStringLiteral("value")))), describe(expected));
}

void tst_MsgpackCodec::cleanupTestCase()
{
    m_peer.stop();
}

QTEST_GUILESS_MAIN(tst_MsgpackCodec)
#include "tst_msgpackcodec.moc"
