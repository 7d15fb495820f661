// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "compression_p.h"

#include <zlib.h>

namespace SocketIo::Eio::Compression {

namespace {

int windowBits(Encoding encoding)
{
    return encoding == Encoding::Gzip ? 15 + 16 : 15;
}

bool accepts(QByteArrayView header, QByteArrayView coding)
{
    for (const QByteArray &item : header.toByteArray().split(',')) {
        const QList<QByteArray> parts = item.split(';');
        if (parts.first().trimmed().compare(coding, Qt::CaseInsensitive) != 0)
            continue;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts[i].trimmed();
            if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '='
                && param.mid(2).toDouble() <= 0.0)
                return false;
        }
        return true;
    }
    return false;
}

} // namespace

Encoding negotiate(QByteArrayView acceptEncoding)
{
    if (accepts(acceptEncoding, "gzip"))
        return Encoding::Gzip;
    if (accepts(acceptEncoding, "deflate"))
        return Encoding::Deflate;
    return Encoding::Identity;
}

QByteArray name(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Gzip:
        return "gzip";
    case Encoding::Deflate:
        return "deflate";
    case Encoding::Identity:
        break;
    }
    return "identity";
}

QByteArray compress(const QByteArray &data, Encoding encoding)
{
    if (encoding == Encoding::Identity)
        return data;
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits(encoding), 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return data;
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return result == Z_STREAM_END ? out : data;
}

QByteArray decompress(const QByteArray &data, Encoding encoding)
{
    if (encoding == Encoding::Identity)
        return data;
    z_stream stream{};
    if (inflateInit2(&stream, windowBits(encoding)) != Z_OK)
        return {};
    QByteArray out;
    char buffer[16384];
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof(buffer);
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof(buffer) - stream.avail_out));
    }
    inflateEnd(&stream);
    return result == Z_STREAM_END ? out : QByteArray();
}

} // namespace SocketIo::Eio::Compression
