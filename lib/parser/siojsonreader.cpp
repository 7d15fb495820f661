// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "siojsonreader_p.h"

#include <QtCore/QString>
#include <QtCore/QVarLengthArray>

#include <charconv>
#include <cmath>
#include <limits>

// A strict RFC 8259 reader that builds the QVariant tree in one pass. Reading
// through QJsonDocument built a QCborValue tree first, then walked it into
// QVariants; an incoming event paid for both trees.

namespace SocketIo::Sio {

namespace {

constexpr double MaxSafeInteger = 9007199254740991.0; // Number.MAX_SAFE_INTEGER
constexpr int MaxFastIntegerDigits = 15;              // below 2^53, exact in a double

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Whether [begin, end) is well-formed UTF-8: no overlong forms, no
// surrogates, nothing above U+10FFFF.
bool isValidUtf8(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int length = 0;
        char32_t min = 0;
        char32_t code = 0;
        if ((c & 0xe0) == 0xc0) {
            length = 2, min = 0x80, code = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            length = 3, min = 0x800, code = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            length = 4, min = 0x10000, code = c & 0x07;
        } else {
            return false;
        }
        if (end - p < length)
            return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            code = code << 6 | (p[i] & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return false;
        p += length;
    }
    return true;
}

class Reader
{
public:
    explicit Reader(QByteArrayView text) : m_pos(text.data()), m_end(text.data() + text.size()) {}

    bool readDocument(QVariant *out)
    {
        skipSpace();
        if (!readValue(out, 0))
            return false;
        skipSpace();
        return m_pos == m_end;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
            ++m_pos;
    }

    bool consume(char c)
    {
        skipSpace();
        if (m_pos < m_end && *m_pos == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    bool readLiteral(const char *word, qsizetype length)
    {
        if (m_end - m_pos < length || memcmp(m_pos, word, size_t(length)) != 0)
            return false;
        m_pos += length;
        return true;
    }

    bool readValue(QVariant *out, int depth)
    {
        if (m_pos >= m_end)
            return false;
        switch (*m_pos) {
        case '{':
            return readObject(out, depth + 1);
        case '[':
            return readArray(out, depth + 1);
        case '"': {
            QString string;
            if (!readString(&string))
                return false;
            *out = QVariant(std::move(string));
            return true;
        }
        case 't':
            *out = QVariant(true);
            return readLiteral("true", 4);
        case 'f':
            *out = QVariant(false);
            return readLiteral("false", 5);
        case 'n':
            *out = QVariant::fromValue(nullptr);
            return readLiteral("null", 4);
        default:
            return readNumber(out);
        }
    }

    bool readArray(QVariant *out, int depth)
    {
        if (depth > MaxJsonDepth)
            return false;
        ++m_pos; // '['
        if (consume(']')) {
            *out = QVariantList();
            return true;
        }
        // Elements are collected on the stack, so that the list is allocated once, at its size.
        QVarLengthArray<QVariant, 8> elements;
        do {
            skipSpace();
            elements.emplace_back();
            if (!readValue(&elements.back(), depth))
                return false;
        } while (consume(','));
        if (!consume(']'))
            return false;
        QVariantList list;
        list.reserve(elements.size());
        for (QVariant &element : elements)
            list.append(std::move(element));
        *out = std::move(list);
        return true;
    }

    bool readObject(QVariant *out, int depth)
    {
        if (depth > MaxJsonDepth)
            return false;
        ++m_pos; // '{'
        QVariantMap map;
        if (consume('}')) {
            *out = std::move(map);
            return true;
        }
        do {
            skipSpace();
            QString key;
            if (m_pos >= m_end || *m_pos != '"' || !readString(&key) || !consume(':'))
                return false;
            skipSpace();
            QVariant value;
            if (!readValue(&value, depth))
                return false;
            map.insert(key, std::move(value));
        } while (consume(','));
        if (!consume('}'))
            return false;
        *out = std::move(map);
        return true;
    }

    // At the opening quote. Runs without escapes are converted in one piece:
    // Latin-1 when they are ASCII, UTF-8 otherwise; ill-formed UTF-8 is refused.
    bool readString(QString *out)
    {
        ++m_pos; // '"'
        const char *start = m_pos;
        bool ascii = true;
        while (m_pos < m_end) {
            const unsigned char c = static_cast<unsigned char>(*m_pos);
            if (c == '"') {
                if (!append(out, start, m_pos, ascii))
                    return false;
                ++m_pos;
                return true;
            }
            if (c == '\\') {
                if (!append(out, start, m_pos, ascii) || !readEscape(out))
                    return false;
                start = m_pos;
                ascii = true;
                continue;
            }
            if (c < 0x20)
                return false; // control characters must be escaped
            if (c >= 0x80)
                ascii = false;
            ++m_pos;
        }
        return false; // unterminated
    }

    static bool append(QString *out, const char *begin, const char *end, bool ascii)
    {
        if (begin == end)
            return true;
        if (!ascii
            && !isValidUtf8(reinterpret_cast<const unsigned char *>(begin),
                            reinterpret_cast<const unsigned char *>(end)))
            return false;
        const QByteArrayView run(begin, end - begin);
        if (out->isEmpty())
            *out = ascii ? QString::fromLatin1(run) : QString::fromUtf8(run);
        else if (ascii)
            out->append(QLatin1StringView(run));
        else
            out->append(QString::fromUtf8(run));
        return true;
    }

    // At the backslash.
    bool readEscape(QString *out)
    {
        if (m_end - m_pos < 2)
            return false;
        const char c = m_pos[1];
        m_pos += 2;
        switch (c) {
        case '"':
            out->append(QLatin1Char('"'));
            return true;
        case '\\':
            out->append(QLatin1Char('\\'));
            return true;
        case '/':
            out->append(QLatin1Char('/'));
            return true;
        case 'b':
            out->append(QLatin1Char('\b'));
            return true;
        case 'f':
            out->append(QLatin1Char('\f'));
            return true;
        case 'n':
            out->append(QLatin1Char('\n'));
            return true;
        case 'r':
            out->append(QLatin1Char('\r'));
            return true;
        case 't':
            out->append(QLatin1Char('\t'));
            return true;
        case 'u': {
            if (m_end - m_pos < 4)
                return false;
            char16_t unit = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = hexValue(m_pos[i]);
                if (digit < 0)
                    return false;
                unit = char16_t(unit << 4 | digit);
            }
            m_pos += 4;
            out->append(QChar(unit)); // lone surrogates are kept, as in JavaScript strings
            return true;
        }
        default:
            return false;
        }
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool readNumber(QVariant *out)
    {
        const char *start = m_pos;
        const bool negative = m_pos < m_end && *m_pos == '-';
        if (negative)
            ++m_pos;
        const char *integral = m_pos;
        if (m_pos >= m_end || !isDigit(*m_pos))
            return false;
        if (*m_pos == '0')
            ++m_pos;
        else
            while (m_pos < m_end && isDigit(*m_pos))
                ++m_pos;
        const qsizetype integralDigits = m_pos - integral;
        bool plainInteger = true;
        if (m_pos < m_end && *m_pos == '.') {
            plainInteger = false;
            ++m_pos;
            if (m_pos >= m_end || !isDigit(*m_pos))
                return false;
            while (m_pos < m_end && isDigit(*m_pos))
                ++m_pos;
        }
        if (m_pos < m_end && (*m_pos == 'e' || *m_pos == 'E')) {
            plainInteger = false;
            ++m_pos;
            if (m_pos < m_end && (*m_pos == '+' || *m_pos == '-'))
                ++m_pos;
            if (m_pos >= m_end || !isDigit(*m_pos))
                return false;
            while (m_pos < m_end && isDigit(*m_pos))
                ++m_pos;
        }
        if (plainInteger && integralDigits <= MaxFastIntegerDigits) {
            qint64 value = 0;
            for (const char *p = integral; p < m_pos; ++p)
                value = value * 10 + (*p - '0');
            *out = QVariant(negative ? -value : value);
            return true;
        }
        *out = numberToVariant(toDouble(start, m_pos));
        return true;
    }

    // A valid JSON number's double value; what from_chars refuses as out of
    // range becomes an infinity or a zero, as in JavaScript.
    static double toDouble(const char *begin, const char *end)
    {
        double value = 0;
        const auto result = std::from_chars(begin, end, value);
        if (result.ec != std::errc::result_out_of_range)
            return value;
        const bool negative = *begin == '-';
        return isOverflow(begin + (negative ? 1 : 0), end)
                ? (negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity())
                : (negative ? -0.0 : 0.0);
    }

    // Whether the decimal exponent of the first significant digit is positive.
    static bool isOverflow(const char *begin, const char *end)
    {
        qint64 exponent = 0;
        const char *p = begin;
        while (p < end && isDigit(*p))
            ++p;
        const qsizetype integralDigits = p - begin;
        qsizetype firstSignificant = -1; // position among all mantissa digits
        qsizetype index = 0;
        for (const char *q = begin; q < end && *q != 'e' && *q != 'E'; ++q) {
            if (*q == '.')
                continue;
            if (*q != '0' && firstSignificant < 0)
                firstSignificant = index;
            ++index;
        }
        const char *e = begin;
        while (e < end && *e != 'e' && *e != 'E')
            ++e;
        if (e < end) {
            ++e;
            const bool negativeExponent = *e == '-';
            if (*e == '+' || *e == '-')
                ++e;
            for (; e < end && exponent < 1000000; ++e)
                exponent = exponent * 10 + (*e - '0');
            if (negativeExponent)
                exponent = -exponent;
        }
        return firstSignificant >= 0 && integralDigits - firstSignificant + exponent > 0;
    }

    const char *m_pos;
    const char *m_end;
};

} // namespace

std::optional<QVariant> fromJson(QByteArrayView text)
{
    QVariant value;
    Reader reader(text);
    if (!reader.readDocument(&value))
        return std::nullopt;
    return value;
}

QVariant numberToVariant(double number)
{
    if (std::trunc(number) == number && std::fabs(number) <= MaxSafeInteger)
        return QVariant(qint64(number));
    return QVariant(number);
}

} // namespace SocketIo::Sio
