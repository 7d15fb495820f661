// A cheap scanner for the Socket.IO packets the workloads receive: event name, ack id and the
// "t" timestamp, without building a JSON document per message.
#pragma once

#include <QtCore/QByteArrayView>

struct Message
{
    enum class Type { Event, Ack };
    Type type = Type::Event;
    qint64 ackId = -1;
    QByteArrayView name; // events only: the first array element
    qint64 t = -1;       // the first "t": integer anywhere in the arguments, -1 if none
    QByteArrayView args; // the JSON array text
};

// packet: an Engine.IO message carrying a Socket.IO event or ack, "42..." or "43...".
bool parseMessage(QByteArrayView packet, Message &message);

// The first "key":<integer> in json, or -1.
qint64 findInteger(QByteArrayView json, QByteArrayView quotedKeyColon);
