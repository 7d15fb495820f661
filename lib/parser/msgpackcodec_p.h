// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_MSGPACKCODEC_P_H
#define SOCKETIO_MSGPACKCODEC_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "siojsonreader_p.h"

#include <SocketIo/socketio_global.h>

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <optional>

// MessagePack <-> QVariant, byte-compatible with notepack.io 3 (the Redis
// adapter's codec) and readable from @msgpack/msgpack 2.8. The mapping both
// ways is documented in msgpackcodec.cpp.
namespace SocketIo::Msgpack {

// Arrays and maps nested deeper than this are refused, as in the JSON reader.
inline constexpr int MaxDepth = Sio::MaxJsonDepth;

SOCKETIO_EXPORT QByteArray encode(const QVariant &value);
SOCKETIO_EXPORT void encode(const QVariant &value, QByteArray &out);

SOCKETIO_EXPORT std::optional<QVariant> decode(QByteArrayView bytes, QString *error = nullptr);
SOCKETIO_EXPORT std::optional<QVariant> decodeOne(QByteArrayView bytes, qsizetype *consumed, QString *error = nullptr);

} // namespace SocketIo::Msgpack

#endif // SOCKETIO_MSGPACKCODEC_P_H
