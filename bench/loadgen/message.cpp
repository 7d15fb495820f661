#include "message.h"

#include <string.h>

qint64 findInteger(QByteArrayView json, QByteArrayView quotedKeyColon)
{
    // glibc's memmem: a server may put the key after a long string (our QVariantMap sorts "p"
    // before "t"), and the load generator must not pay more per message for one server's order.
    const void *found = memmem(json.data(), size_t(json.size()), quotedKeyColon.data(), size_t(quotedKeyColon.size()));
    if (!found)
        return -1;
    qsizetype at = static_cast<const char *>(found) - json.data();
    at += quotedKeyColon.size();
    while (at < json.size() && json[at] == ' ')
        ++at;
    qint64 value = 0;
    const qsizetype first = at;
    for (; at < json.size() && json[at] >= '0' && json[at] <= '9'; ++at)
        value = value * 10 + (json[at] - '0');
    return at == first ? -1 : value;
}

bool parseMessage(QByteArrayView packet, Message &message)
{
    if (packet.size() < 3 || packet[0] != '4' || (packet[1] != '2' && packet[1] != '3'))
        return false;
    message.type = packet[1] == '2' ? Message::Type::Event : Message::Type::Ack;
    qsizetype at = 2;
    if (packet[at] == '/') { // a namespace other than "/": skip "/nsp,"
        const qsizetype comma = packet.indexOf(',', at);
        if (comma < 0)
            return false;
        at = comma + 1;
    }
    message.ackId = -1;
    if (at < packet.size() && packet[at] >= '0' && packet[at] <= '9') {
        message.ackId = 0;
        for (; at < packet.size() && packet[at] >= '0' && packet[at] <= '9'; ++at)
            message.ackId = message.ackId * 10 + (packet[at] - '0');
    }
    if (at >= packet.size() || packet[at] != '[')
        return false;
    message.args = packet.sliced(at);
    message.name = {};
    if (message.type == Message::Type::Event) {
        if (at + 1 >= packet.size() || packet[at + 1] != '"')
            return false;
        const qsizetype close = packet.indexOf('"', at + 2);
        if (close < 0)
            return false;
        message.name = packet.sliced(at + 2, close - at - 2);
    }
    message.t = findInteger(message.args, "\"t\":");
    return true;
}
