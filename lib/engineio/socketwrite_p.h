// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKETWRITE_P_H
#define SOCKETIO_SOCKETWRITE_P_H

#include <QtCore/QByteArrayView>
#include <QtCore/QVarLengthArray>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

using WriteChunks = QVarLengthArray<QByteArrayView, 8>;

// Writes chunks to a plain TCP socket. When nothing is queued in the socket,
// they go straight to the kernel in one sendmsg() call, so the common case
// never arms the socket's write notifier (with a thousand sockets, arming and
// disarming it per write costs more than the write); whatever the kernel does
// not take is queued in the QTcpSocket as usual. TLS sockets and other
// platforms always go through QTcpSocket::write(). Returns the bytes accepted.
qint64 writeChunks(QTcpSocket *socket, const WriteChunks &chunks);

} // namespace SocketIo::Eio

#endif // SOCKETIO_SOCKETWRITE_P_H
