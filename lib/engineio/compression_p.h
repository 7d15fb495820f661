// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_COMPRESSION_P_H
#define SOCKETIO_COMPRESSION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayList>

namespace SocketIo::Eio::Compression {

enum class Encoding { Identity, Gzip, Deflate };

// Picks gzip, then deflate, from an Accept-Encoding header (q=0 excludes).
Encoding negotiate(QByteArrayView acceptEncoding);
QByteArray name(Encoding encoding);
QByteArray compress(const QByteArray &data, Encoding encoding);
// For tests and the client: inflates gzip or zlib data; empty on error.
QByteArray decompress(const QByteArray &data, Encoding encoding);

} // namespace SocketIo::Eio::Compression

#endif
