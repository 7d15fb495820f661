// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "compression_p.h"

#include <QtTest/QtTest>

#include <zlib.h>

namespace Compression = SocketIo::Eio::Compression;
using Compression::Encoding;

Q_DECLARE_METATYPE(SocketIo::Eio::Compression::Encoding)

namespace SocketIo::Eio::Compression {

char *toString(Encoding encoding)
{
    return qstrdup(name(encoding).constData());
}

} // namespace SocketIo::Eio::Compression

namespace {

QByteArray pseudoRandomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 state = seed;
    for (qsizetype i = 0; i < size; ++i) {
        state = state * 1664525u + 1013904223u; // LCG: deterministic across runs
        out[i] = static_cast<char>(state >> 24);
    }
    return out;
}

QByteArray repetitiveText(qsizetype size)
{
    const QByteArray unit = QByteArrayLiteral(R"(42["chat message",{"text":"hello","n":1}])");
    QByteArray out;
    out.reserve(size);
    while (out.size() < size)
        out.append(unit);
    out.truncate(size);
    return out;
}

quint32 readLittleEndian32(const QByteArray &data, qsizetype at)
{
    return quint32(quint8(data.at(at))) | quint32(quint8(data.at(at + 1))) << 8 | quint32(quint8(data.at(at + 2))) << 16
            | quint32(quint8(data.at(at + 3))) << 24;
}

quint32 readBigEndian32(const QByteArray &data, qsizetype at)
{
    return quint32(quint8(data.at(at))) << 24 | quint32(quint8(data.at(at + 1))) << 16
            | quint32(quint8(data.at(at + 2))) << 8 | quint32(quint8(data.at(at + 3)));
}

} // namespace

class tst_Compression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void negotiate_data();
    void negotiate();
    void name_data();
    void name();
    void roundTrip_data();
    void roundTrip();
    void gzipFormat_data();
    void gzipFormat();
    void deflateFormat_data();
    void deflateFormat();
    void identityPassesThrough_data();
    void identityPassesThrough();
    void decompressInvalid_data();
    void decompressInvalid();

private:
    static void sizeRows();
};

void tst_Compression::negotiate_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<Encoding>("expected");

    QTest::newRow("gzip, deflate") << QByteArrayLiteral("gzip, deflate") << Encoding::Gzip;
    QTest::newRow("deflate, gzip prefers gzip") << QByteArrayLiteral("deflate, gzip") << Encoding::Gzip;
    QTest::newRow("browser list") << QByteArrayLiteral("gzip, deflate, br, zstd") << Encoding::Gzip;
    QTest::newRow("gzip") << QByteArrayLiteral("gzip") << Encoding::Gzip;
    QTest::newRow("deflate") << QByteArrayLiteral("deflate") << Encoding::Deflate;
    QTest::newRow("gzip;q=0, deflate") << QByteArrayLiteral("gzip;q=0, deflate") << Encoding::Deflate;
    QTest::newRow("gzip; q=0, deflate (spaces)") << QByteArrayLiteral("gzip ; q=0 , deflate") << Encoding::Deflate;
    QTest::newRow("gzip;q=0.0, deflate") << QByteArrayLiteral("gzip;q=0.0, deflate") << Encoding::Deflate;
    QTest::newRow("gzip;q=0.000") << QByteArrayLiteral("gzip;q=0.000") << Encoding::Identity;
    QTest::newRow("gzip;q=0 only") << QByteArrayLiteral("gzip;q=0") << Encoding::Identity;
    QTest::newRow("both excluded") << QByteArrayLiteral("gzip;q=0, deflate;q=0") << Encoding::Identity;
    QTest::newRow("gzip;q=0.001") << QByteArrayLiteral("gzip;q=0.001") << Encoding::Gzip;
    QTest::newRow("gzip;q=0.5") << QByteArrayLiteral("gzip;q=0.5, deflate") << Encoding::Gzip;
    QTest::newRow("gzip;q=1") << QByteArrayLiteral("gzip;q=1") << Encoding::Gzip;
    QTest::newRow("server prefers gzip over weights") << QByteArrayLiteral("deflate;q=1, gzip;q=0.5") << Encoding::Gzip;
    QTest::newRow("upper-case codings") << QByteArrayLiteral("GZIP, DEFLATE") << Encoding::Gzip;
    QTest::newRow("upper-case deflate") << QByteArrayLiteral("br, Deflate") << Encoding::Deflate;
    QTest::newRow("q parameter name is case-insensitive")
            << QByteArrayLiteral("gzip;Q=0, deflate") << Encoding::Deflate;
    QTest::newRow("br") << QByteArrayLiteral("br") << Encoding::Identity;
    QTest::newRow("identity") << QByteArrayLiteral("identity") << Encoding::Identity;
    QTest::newRow("empty") << QByteArray() << Encoding::Identity;
    QTest::newRow("whitespace and commas") << QByteArrayLiteral(" , ,") << Encoding::Identity;
    QTest::newRow("not a prefix match") << QByteArrayLiteral("gzipx, deflated") << Encoding::Identity;
    QTest::newRow("x-gzip is not gzip") << QByteArrayLiteral("x-gzip") << Encoding::Identity;
}

void tst_Compression::negotiate()
{
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(Encoding, expected);

    QCOMPARE(Compression::negotiate(acceptEncoding), expected);
}

void tst_Compression::name_data()
{
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QByteArray>("name");

    QTest::newRow("identity") << Encoding::Identity << QByteArrayLiteral("identity");
    QTest::newRow("gzip") << Encoding::Gzip << QByteArrayLiteral("gzip");
    QTest::newRow("deflate") << Encoding::Deflate << QByteArrayLiteral("deflate");
}

void tst_Compression::name()
{
    QFETCH(Encoding, encoding);
    QFETCH(QByteArray, name);
    QCOMPARE(Compression::name(encoding), name);
    // The name negotiates back to the same encoding.
    QCOMPARE(Compression::negotiate(name), encoding);
}

void tst_Compression::sizeRows()
{
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("0 bytes") << QByteArray();
    QTest::newRow("1 byte") << QByteArrayLiteral("x");
    QTest::newRow("1 NUL byte") << QByteArrayLiteral("\0");
    QTest::newRow("1 KiB text") << repetitiveText(1024);
    QTest::newRow("1 KiB random") << pseudoRandomBytes(1024, 1);
    QTest::newRow("100 KiB random") << pseudoRandomBytes(100 * 1024, 2);
    QTest::newRow("100 KiB text") << repetitiveText(100 * 1024);
}

void tst_Compression::roundTrip_data()
{
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("compressible");

    const struct
    {
        Encoding encoding;
        const char *label;
    } encodings[] = {{Encoding::Gzip, "gzip"}, {Encoding::Deflate, "deflate"}};
    const struct
    {
        const char *label;
        QByteArray data;
        bool compressible;
    } inputs[] = {
            {"0 bytes", QByteArray(), false},
            {"1 byte", QByteArrayLiteral("x"), false},
            {"1 KiB text", repetitiveText(1024), true},
            {"1 KiB random", pseudoRandomBytes(1024, 1), false},
            {"100 KiB random", pseudoRandomBytes(100 * 1024, 2), false},
            {"100 KiB text", repetitiveText(100 * 1024), true},
    };
    for (const auto &e : encodings) {
        for (const auto &input : inputs)
            QTest::addRow("%s %s", e.label, input.label) << e.encoding << input.data << input.compressible;
    }
}

void tst_Compression::roundTrip()
{
    QFETCH(Encoding, encoding);
    QFETCH(QByteArray, data);
    QFETCH(bool, compressible);

    const QByteArray compressed = Compression::compress(data, encoding);
    QVERIFY(!compressed.isEmpty()); // even empty input gets a header and trailer
    QVERIFY(compressed != data);
    if (compressible) // repetitive text shrinks a lot
        QVERIFY2(compressed.size() < data.size() / 10, QByteArray::number(compressed.size()).constData());

    const QByteArray restored = Compression::decompress(compressed, encoding);
    QCOMPARE(restored.size(), data.size());
    QCOMPARE(restored, data);
}

void tst_Compression::gzipFormat_data()
{
    sizeRows();
}

void tst_Compression::gzipFormat()
{
    QFETCH(QByteArray, data);

    const QByteArray gz = Compression::compress(data, Encoding::Gzip);
    QVERIFY(gz.size() >= 18); // 10-byte header + 8-byte trailer
    QCOMPARE(quint8(gz.at(0)), quint8(0x1f));
    QCOMPARE(quint8(gz.at(1)), quint8(0x8b));
    QCOMPARE(quint8(gz.at(2)), quint8(8)); // CM = deflate
    // Trailer: CRC-32 then ISIZE, both little-endian.
    const quint32 expectedCrc =
            quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.constData()), uInt(data.size())));
    QCOMPARE(readLittleEndian32(gz, gz.size() - 8), expectedCrc);
    QCOMPARE(readLittleEndian32(gz, gz.size() - 4), quint32(data.size()));
    // Gzip data is not zlib data.
    QCOMPARE(Compression::decompress(gz, Encoding::Deflate), QByteArray());
}

void tst_Compression::deflateFormat_data()
{
    sizeRows();
}

void tst_Compression::deflateFormat()
{
    QFETCH(QByteArray, data);

    // HTTP "deflate" is the zlib format (RFC 1950), not raw deflate.
    const QByteArray z = Compression::compress(data, Encoding::Deflate);
    QVERIFY(z.size() >= 6);                                     // 2-byte header + 4-byte Adler-32
    QCOMPARE(quint8(z.at(0)) & 0x0f, 8);                        // CM = deflate
    QCOMPARE((quint8(z.at(0)) << 8 | quint8(z.at(1))) % 31, 0); // FCHECK
    const quint32 expectedAdler = quint32(
            adler32(adler32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.constData()), uInt(data.size())));
    QCOMPARE(readBigEndian32(z, z.size() - 4), expectedAdler);

    // Qt's own decoder reads it too (qUncompress wants a big-endian size prefix).
    QByteArray prefixed(4, Qt::Uninitialized);
    const auto size = quint32(data.size());
    prefixed[0] = char(size >> 24);
    prefixed[1] = char(size >> 16);
    prefixed[2] = char(size >> 8);
    prefixed[3] = char(size);
    prefixed += z;
    QCOMPARE(qUncompress(prefixed), data);
    // zlib data is not gzip data.
    QCOMPARE(Compression::decompress(z, Encoding::Gzip), QByteArray());
}

void tst_Compression::identityPassesThrough_data()
{
    sizeRows();
}

void tst_Compression::identityPassesThrough()
{
    QFETCH(QByteArray, data);
    QCOMPARE(Compression::compress(data, Encoding::Identity), data);
    QCOMPARE(Compression::decompress(data, Encoding::Identity), data);
}

void tst_Compression::decompressInvalid_data()
{
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QByteArray>("input");

    const QByteArray payload = repetitiveText(4096) + pseudoRandomBytes(40000, 3);
    const QByteArray gz = Compression::compress(payload, Encoding::Gzip);
    const QByteArray z = Compression::compress(payload, Encoding::Deflate);

    QTest::newRow("gzip empty input") << Encoding::Gzip << QByteArray();
    QTest::newRow("deflate empty input") << Encoding::Deflate << QByteArray();
    QTest::newRow("gzip garbage") << Encoding::Gzip << QByteArrayLiteral("not compressed at all");
    QTest::newRow("deflate garbage") << Encoding::Deflate << QByteArrayLiteral("not compressed at all");
    QTest::newRow("gzip magic only") << Encoding::Gzip << QByteArrayLiteral("\x1f\x8b");
    QTest::newRow("gzip truncated by half") << Encoding::Gzip << gz.left(gz.size() / 2);
    QTest::newRow("gzip missing trailer") << Encoding::Gzip << gz.chopped(8);
    QTest::newRow("gzip missing last byte") << Encoding::Gzip << gz.chopped(1);
    QTest::newRow("deflate truncated by half") << Encoding::Deflate << z.left(z.size() / 2);
    QTest::newRow("deflate missing checksum") << Encoding::Deflate << z.chopped(4);
    QByteArray badCrc = gz;
    badCrc[badCrc.size() - 8] = char(badCrc.at(badCrc.size() - 8) ^ 0x01);
    QTest::newRow("gzip corrupted crc") << Encoding::Gzip << badCrc;
    QByteArray badAdler = z;
    badAdler[badAdler.size() - 1] = char(badAdler.at(badAdler.size() - 1) ^ 0x01);
    QTest::newRow("deflate corrupted adler") << Encoding::Deflate << badAdler;
    QTest::newRow("gzip given zlib") << Encoding::Gzip << z;
    QTest::newRow("deflate given gzip") << Encoding::Deflate << gz;
}

void tst_Compression::decompressInvalid()
{
    QFETCH(Encoding, encoding);
    QFETCH(QByteArray, input);
    const QByteArray out = Compression::decompress(input, encoding);
    QVERIFY2(out.isEmpty(), QByteArray::number(out.size()).constData());
}

QTEST_APPLESS_MAIN(tst_Compression)

#include "tst_compression.moc"
