#include "common.h"

#include <QtCore/QRandomGenerator>

FastRandom::FastRandom() : m_state(QRandomGenerator::system()->generate64() | 1) {}

FastRandom &FastRandom::instance()
{
    static FastRandom random;
    return random;
}
