// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_LISTENERS_P_H
#define SOCKETIO_LISTENERS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "contextbound_p.h"

#include <QtCore/QString>

namespace SocketIo {

// What a socket (server or client side) calls back: on()/off() handlers per
// event name, and the catch-all lists of onAny()/prependAny() and
// onAnyOutgoing(). Every call works on a snapshot (shared until changed):
// listeners added or removed by a listener count from the next event. A
// listener whose context is gone is dropped. The calls stop, returning false,
// as soon as `alive` (the socket's guard) says the socket went away.

// Never goes away: for callers whose object outlives the call (deferred deletion).
struct AlwaysAlive
{
    explicit operator bool() const { return true; }
};

template<typename Fn>
class AnyListeners
{
public:
    void append(QObject *context, Fn fn)
    {
        if (fn)
            m_list.append(ContextBound<Fn>(context, std::move(fn)));
    }
    void prepend(QObject *context, Fn fn)
    {
        if (fn)
            m_list.prepend(ContextBound<Fn>(context, std::move(fn)));
    }
    // Removes those bound to context, or all of them when context is null.
    void remove(QObject *context)
    {
        if (!context)
            m_list.clear();
        else
            m_list.removeIf([context](const ContextBound<Fn> &entry) { return entry.context == context; });
    }
    bool isEmpty() const { return m_list.isEmpty(); }

    template<typename Alive, typename... Args>
    bool notify(const Alive &alive, const Args &...args)
    {
        pruneDead(m_list);
        const auto snapshot = m_list;
        for (const auto &listener : snapshot) {
            if (listener.isAlive())
                listener.fn(args...);
            if (!alive)
                return false;
        }
        return true;
    }

private:
    QList<ContextBound<Fn>> m_list;
};

// One list for all event names, in registration order: a socket has a few
// handlers, and one allocation for all of them costs less than a list per name.
template<typename Fn>
class EventListeners
{
public:
    void on(const QString &event, QObject *context, Fn fn)
    {
        if (!fn)
            return;
        // Exactly as many entries as handlers: a socket's handlers are registered once, when it
        // connects, and QList's growth would leave a third of the block unused on every socket.
        m_list.reserve(m_list.size() + 1);
        m_list.append({event, ContextBound<Fn>(context, std::move(fn))});
    }
    // Removes the handlers of event bound to context, or all of them when context is null.
    void off(const QString &event, QObject *context)
    {
        m_list.removeIf([&event, context](const Entry &entry) {
            return entry.event == event && (!context || entry.handler.context == context);
        });
    }

    template<typename Alive, typename... Args>
    bool dispatch(const QString &event, const Alive &alive, const Args &...args)
    {
        m_list.removeIf([](const Entry &entry) { return !entry.handler.isAlive(); });
        const auto snapshot = m_list;
        for (const auto &entry : snapshot) {
            if (entry.event != event || !entry.handler.isAlive())
                continue;
            entry.handler.fn(args...);
            if (!alive)
                return false;
        }
        return true;
    }

private:
    struct Entry
    {
        QString event;
        ContextBound<Fn> handler;
    };
    QList<Entry> m_list;
};

} // namespace SocketIo

#endif // SOCKETIO_LISTENERS_P_H
