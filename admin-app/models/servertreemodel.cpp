// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "servertreemodel.h"

#include <QtGui/QColor>

namespace SocketIoAdmin {

struct ServerTreeModel::Node
{
    Kind kind = Kind::Server;
    QString name;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node *> byName;
    QPointer<ServerConnection> connection;   // servers
    const ServerConnection *key = nullptr;   // servers: still set while the connection is destroyed
    QHash<QString, QStringList> socketRooms; // namespaces: socket id → its rooms
    int statsCount = 0;                      // namespaces: sockets per server_stats
    bool privateRoom = false;                // rooms
};

/*!
    \class SocketIoAdmin::ServerTreeModel
    \brief The tree of servers, their namespaces, the rooms of each namespace
    and the sockets in each room.

    It follows ServerConnection::socketsChanged() batches with row insertions
    and removals and dataChanged() for the counts: it never resets. A room
    appears with its first socket and goes with its last, as rooms do in
    Socket.IO. Namespaces come from the sockets and from server_stats, so a
    production-mode server (no socket events) still lists its namespaces with
    the counts of its stats.
*/

ServerTreeModel::ServerTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}

ServerTreeModel::~ServerTreeModel() = default;

/*! Lists \a connection and follows it until removeConnection() or its destruction. */
void ServerTreeModel::addConnection(ServerConnection *connection)
{
    if (!connection || serverNode(connection))
        return;
    Node *server = insertChild(m_root.get(), Kind::Server, connection->displayName());
    server->connection = connection;
    server->key = connection;
    connect(connection, &ServerConnection::socketsChanged, this,
            [this, connection](const SocketChanges &changes) { applyChanges(connection, changes); });
    connect(connection, &ServerConnection::statsReceived, this, [this, connection] { applyStats(connection); });
    connect(connection, &ServerConnection::namespacesChanged, this, [this, connection] { syncNamespaces(connection); });
    connect(connection, &ServerConnection::stateChanged, this, [this, connection] {
        if (Node *node = serverNode(connection)) {
            touch(node);
            flushTouched();
        }
    });
    connect(connection, &QObject::destroyed, this, [this, connection] { removeConnection(connection); });
    syncNamespaces(connection);
    SocketChanges existing;
    const auto sockets = connection->sockets();
    existing.added = sockets.values();
    applyChanges(connection, existing);
}

void ServerTreeModel::removeConnection(ServerConnection *connection)
{
    Node *server = serverNode(connection);
    if (!server)
        return;
    disconnect(connection, nullptr, this, nullptr);
    flushTouched();
    removeChild(m_root.get(), server->row);
}

QList<ServerConnection *> ServerTreeModel::connections() const
{
    QList<ServerConnection *> list;
    for (const auto &child : m_root->children)
        list.append(child->connection.data());
    return list;
}

QModelIndex ServerTreeModel::indexOf(ServerConnection *connection) const
{
    Node *node = serverNode(connection);
    return node ? indexFor(node) : QModelIndex();
}

/*! The index of namespace \a nsp of \a connection, or of its \a room when given. */
QModelIndex ServerTreeModel::indexOf(ServerConnection *connection, const QString &nsp, const QString &room) const
{
    Node *server = serverNode(connection);
    Node *ns = server ? server->byName.value(nsp) : nullptr;
    if (!ns)
        return {};
    if (room.isEmpty())
        return indexFor(ns);
    Node *r = ns->byName.value(room);
    return r ? indexFor(r) : QModelIndex();
}

ServerTreeModel::Node *ServerTreeModel::serverNode(ServerConnection *connection) const
{
    for (const auto &child : m_root->children) {
        if (child->key == connection)
            return child.get();
    }
    return nullptr;
}

ServerTreeModel::Node *ServerTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ServerTreeModel::indexFor(Node *node, int column) const
{
    return node == m_root.get() ? QModelIndex() : createIndex(node->row, column, node);
}

ServerTreeModel::Node *ServerTreeModel::insertChild(Node *parent, Kind kind, const QString &name)
{
    const int row = int(parent->children.size());
    beginInsertRows(indexFor(parent), row, row);
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->name = name;
    node->parent = parent;
    node->row = row;
    Node *raw = node.get();
    parent->children.push_back(std::move(node));
    parent->byName.insert(name, raw);
    endInsertRows();
    return raw;
}

void ServerTreeModel::removeChild(Node *parent, int row)
{
    beginRemoveRows(indexFor(parent), row, row);
    Node *node = parent->children.at(size_t(row)).get();
    m_touched.removeAll(node);
    parent->byName.remove(node->name);
    parent->children.erase(parent->children.begin() + row);
    for (size_t i = size_t(row); i < parent->children.size(); ++i)
        parent->children[i]->row = int(i);
    endRemoveRows();
}

ServerTreeModel::Node *ServerTreeModel::ensureNamespace(Node *server, const QString &nsp)
{
    if (Node *node = server->byName.value(nsp))
        return node;
    touch(server);
    return insertChild(server, Kind::Namespace, nsp);
}

void ServerTreeModel::addToRoom(Node *nsp, const QString &room, const QString &socketId)
{
    Node *roomNode = nsp->byName.value(room);
    if (!roomNode) {
        roomNode = insertChild(nsp, Kind::Room, room);
        roomNode->privateRoom = nsp->socketRooms.contains(room);
    }
    if (roomNode->byName.contains(socketId))
        return;
    insertChild(roomNode, Kind::Socket, socketId);
    touch(roomNode);
}

void ServerTreeModel::removeFromRoom(Node *nsp, const QString &room, const QString &socketId)
{
    Node *roomNode = nsp->byName.value(room);
    Node *socketNode = roomNode ? roomNode->byName.value(socketId) : nullptr;
    if (!socketNode)
        return;
    removeChild(roomNode, socketNode->row);
    if (roomNode->children.empty())
        removeChild(nsp, roomNode->row);
    else
        touch(roomNode);
}

void ServerTreeModel::applyChanges(ServerConnection *connection, const SocketChanges &changes)
{
    Node *server = serverNode(connection);
    if (!server)
        return;
    for (const SocketKey &key : changes.removed) {
        Node *ns = server->byName.value(key.nsp);
        if (!ns)
            continue;
        const QStringList rooms = ns->socketRooms.take(key.id);
        for (const QString &room : rooms)
            removeFromRoom(ns, room, key.id);
        touch(ns);
    }
    for (const SocketInfo &info : changes.added) {
        Node *ns = ensureNamespace(server, info.nsp);
        ns->socketRooms.insert(info.id, info.rooms);
        for (const QString &room : info.rooms)
            addToRoom(ns, room, info.id);
        touch(ns);
    }
    for (const SocketInfo &info : changes.updated) {
        Node *ns = ensureNamespace(server, info.nsp);
        const QStringList old = ns->socketRooms.value(info.id);
        ns->socketRooms.insert(info.id, info.rooms);
        for (const QString &room : old) {
            if (!info.rooms.contains(room))
                removeFromRoom(ns, room, info.id);
        }
        for (const QString &room : info.rooms) {
            if (!old.contains(room))
                addToRoom(ns, room, info.id);
        }
        touch(ns);
    }
    flushTouched();
}

// Socket counts per namespace from server_stats, summed over the servers of a cluster.
void ServerTreeModel::applyStats(ServerConnection *connection)
{
    Node *server = serverNode(connection);
    if (!server)
        return;
    QHash<QString, int> counts;
    const auto stats = connection->serverStats();
    for (const ServerStats &s : stats) {
        for (const NamespaceCount &n : s.namespaces)
            counts[n.name] += n.socketsCount;
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        Node *ns = ensureNamespace(server, it.key());
        if (ns->statsCount != it.value()) {
            ns->statsCount = it.value();
            touch(ns);
        }
    }
    flushTouched();
}

void ServerTreeModel::syncNamespaces(ServerConnection *connection)
{
    Node *server = serverNode(connection);
    if (!server)
        return;
    const QStringList names = connection->namespaces();
    for (const QString &nsp : names)
        ensureNamespace(server, nsp);
    flushTouched();
}

void ServerTreeModel::touch(Node *node)
{
    if (!m_touched.contains(node))
        m_touched.append(node);
    if (node->kind == Kind::Namespace && node->parent && !m_touched.contains(node->parent))
        m_touched.append(node->parent);
}

void ServerTreeModel::flushTouched()
{
    const QList<Node *> touched = std::exchange(m_touched, {});
    // Only a server's name changes (it carries the state); the others change their counts.
    for (Node *node : touched) {
        const int first = node->kind == Kind::Server ? NameColumn : SocketsColumn;
        Q_EMIT dataChanged(indexFor(node, first), indexFor(node, SocketsColumn));
    }
}

int ServerTreeModel::socketCount(const Node *node) const
{
    switch (node->kind) {
    case Kind::Server: {
        int total = 0;
        for (const auto &ns : node->children)
            total += socketCount(ns.get());
        return total;
    }
    case Kind::Namespace: {
        const ServerConnection *connection = node->parent->connection;
        const bool live = !connection || !connection->hasConfig()
                || connection->features().testFlag(ServerConnection::Feature::AllEvents);
        return live ? int(node->socketRooms.size()) : node->statsCount;
    }
    case Kind::Room:
        return int(node->children.size());
    case Kind::Socket:
        return 1;
    }
    return 0;
}

QModelIndex ServerTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0 || (parent.isValid() && parent.column() != 0))
        return {};
    Node *node = nodeFor(parent);
    if (size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex ServerTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *node = nodeFor(child);
    return indexFor(node->parent);
}

int ServerTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int ServerTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ServerTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeFor(index);
    const Node *server = node;
    while (server->parent && server->parent->parent)
        server = server->parent;
    const Node *ns = node->kind == Kind::Room ? node->parent : node->kind == Kind::Socket ? node->parent->parent : node;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == SocketsColumn)
            return node->kind == Kind::Socket ? QVariant() : QVariant(socketCount(node));
        // A server's state shows in its colour; in words too unless all is well.
        if (node->kind == Kind::Server && node->connection
            && node->connection->state() != ServerConnection::State::Connected) {
            return tr("%1 (%2)").arg(node->name, ServerConnection::stateName(node->connection->state()));
        }
        return node->name;
    case Qt::ToolTipRole:
        if (node->kind == Kind::Server && node->connection)
            return node->connection->statusText();
        if (node->kind == Kind::Room && node->privateRoom)
            return tr("Private room of socket %1").arg(node->name);
        return {};
    case Qt::DecorationRole:
        if (index.column() != NameColumn || node->kind != Kind::Server || !node->connection)
            return {};
        switch (node->connection->state()) {
        case ServerConnection::State::Connected:
            return QColor(0x2e, 0x9d, 0x4f);
        case ServerConnection::State::Connecting:
        case ServerConnection::State::Reconnecting:
            return QColor(0xe0, 0x9b, 0x1a);
        case ServerConnection::State::Disconnected:
            return QColor(0x9e, 0x9e, 0x9e);
        default:
            return QColor(0xd0, 0x3a, 0x2f);
        }
    case Qt::TextAlignmentRole:
        return index.column() == SocketsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case KindRole:
        return QVariant::fromValue(node->kind);
    case ConnectionRole:
        return QVariant::fromValue<QObject *>(server->connection.data());
    case NamespaceRole:
        return node->kind == Kind::Server ? QVariant() : QVariant(ns->name);
    case RoomRole:
        return node->kind == Kind::Room      ? QVariant(node->name)
                : node->kind == Kind::Socket ? QVariant(node->parent->name)
                                             : QVariant();
    case SocketIdRole:
        return node->kind == Kind::Socket ? QVariant(node->name) : QVariant();
    case PrivateRoomRole:
        return node->kind == Kind::Room ? node->privateRoom : node->kind == Kind::Socket && node->parent->privateRoom;
    default:
        return {};
    }
}

QVariant ServerTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Servers") : tr("Sockets");
}

QHash<int, QByteArray> ServerTreeModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractItemModel::roleNames();
    roles.insert(KindRole, "kind");
    roles.insert(ConnectionRole, "connection");
    roles.insert(NamespaceRole, "namespace");
    roles.insert(RoomRole, "room");
    roles.insert(SocketIdRole, "socketId");
    roles.insert(PrivateRoomRole, "privateRoom");
    return roles;
}

} // namespace SocketIoAdmin
