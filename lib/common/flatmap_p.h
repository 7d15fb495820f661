// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_FLATMAP_P_H
#define SOCKETIO_FLATMAP_P_H

#include <QtCore/QList>

#include <utility>

namespace SocketIo {

// A map kept as a list of key/value pairs, searched from the front, with the
// part of QHash's interface that the per-socket tables use. A socket has a few
// namespaces and event names; with Qt 6.4 a QHash allocates over a kilobyte for
// its first entry, a FlatMap a few dozen bytes per entry.
template<typename Key, typename T>
class FlatMap
{
    using Entries = QList<std::pair<Key, T>>;

    template<typename Base, typename Value>
    class Iterator
    {
    public:
        Iterator() = default;
        explicit Iterator(Base base) : m_base(base) {}
        const Key &key() const { return m_base->first; }
        Value &value() const { return m_base->second; }
        Value &operator*() const { return m_base->second; }
        Value *operator->() const { return &m_base->second; }
        Iterator &operator++()
        {
            ++m_base;
            return *this;
        }
        bool operator==(const Iterator &other) const { return m_base == other.m_base; }
        bool operator!=(const Iterator &other) const { return m_base != other.m_base; }
        Base base() const { return m_base; }

    private:
        Base m_base{};
    };

public:
    using iterator = Iterator<typename Entries::iterator, T>;
    using const_iterator = Iterator<typename Entries::const_iterator, const T>;

    iterator begin() { return iterator(m_entries.begin()); }
    iterator end() { return iterator(m_entries.end()); }
    const_iterator begin() const { return const_iterator(m_entries.cbegin()); }
    const_iterator end() const { return const_iterator(m_entries.cend()); }

    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype size() const { return m_entries.size(); }
    void clear() { m_entries.clear(); }

    iterator find(const Key &key)
    {
        auto it = m_entries.begin();
        while (it != m_entries.end() && !(it->first == key))
            ++it;
        return iterator(it);
    }
    const_iterator find(const Key &key) const
    {
        auto it = m_entries.cbegin();
        while (it != m_entries.cend() && !(it->first == key))
            ++it;
        return const_iterator(it);
    }
    bool contains(const Key &key) const { return find(key) != end(); }
    T value(const Key &key, const T &fallback = T()) const
    {
        const auto it = find(key);
        return it == end() ? fallback : *it;
    }
    T &operator[](const Key &key)
    {
        auto it = find(key);
        if (it != end())
            return *it;
        m_entries.append({key, T()});
        return m_entries.last().second;
    }
    void insert(const Key &key, const T &value) { (*this)[key] = value; }
    iterator erase(iterator it) { return iterator(m_entries.erase(it.base())); }
    bool remove(const Key &key)
    {
        const auto it = find(key);
        if (it == end())
            return false;
        erase(it);
        return true;
    }
    QList<T> values() const
    {
        QList<T> out;
        out.reserve(m_entries.size());
        for (const auto &entry : m_entries)
            out.append(entry.second);
        return out;
    }

private:
    Entries m_entries;
};

} // namespace SocketIo

#endif // SOCKETIO_FLATMAP_P_H
