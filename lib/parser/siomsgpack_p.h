// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SIOMSGPACK_P_H
#define SOCKETIO_SIOMSGPACK_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "sioparser_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QString>

#include <optional>

// The packet codec of npm socket.io-msgpack-parser 3: every packet is one
// binary Engine.IO message, the MessagePack map {type, data, id, nsp}, with
// binary values inline. Documented in siomsgpack.cpp.
namespace SocketIo::Sio {

QByteArray encodeMsgpack(const Packet &packet);
std::optional<Packet> decodeMsgpack(QByteArrayView bytes, QString *error = nullptr);

} // namespace SocketIo::Sio

#endif // SOCKETIO_SIOMSGPACK_P_H
