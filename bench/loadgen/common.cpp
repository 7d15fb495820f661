#include "common.h"

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <QtCore/QRandomGenerator>

FastRandom::FastRandom() : m_state(QRandomGenerator::system()->generate64() | 1) {}

FastRandom &FastRandom::instance()
{
    static FastRandom random;
    return random;
}

void Endpoint::bindSource(QAbstractSocket *socket) const
{
    if (sources.isEmpty())
        return;
    const QHostAddress source = sources.at(int(nextSource++ % quint32(sources.size())));
#ifdef Q_OS_LINUX
    // The port is chosen at connect(), for the whole address pair (IP_BIND_ADDRESS_NO_PORT):
    // a bind() to port 0 would search the source's port range for a free port each time, slower
    // with every connection, and give out at 28,000 per address whatever the destination.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(source.toIPv4Address());
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || !socket->setSocketDescriptor(fd, QAbstractSocket::BoundState)) {
        ::close(fd); // connects from the kernel's choice of address instead
    }
#else
    socket->bind(source, 0);
#endif
}
