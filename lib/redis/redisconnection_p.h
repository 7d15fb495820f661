// One connection to a Redis server on the event loop (see redisconnection.cpp).
#ifndef SOCKETIO_REDISCONNECTION_P_H
#define SOCKETIO_REDISCONNECTION_P_H

namespace SocketIo::Redis {
} // namespace SocketIo::Redis

#endif // SOCKETIO_REDISCONNECTION_P_H
