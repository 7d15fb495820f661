// msgpack <-> QVariant (see msgpackcodec.cpp).
#ifndef SOCKETIO_MSGPACKCODEC_P_H
#define SOCKETIO_MSGPACKCODEC_P_H

namespace SocketIo::Msgpack {
} // namespace SocketIo::Msgpack

#endif // SOCKETIO_MSGPACKCODEC_P_H
