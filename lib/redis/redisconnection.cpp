#include "redisconnection_p.h"
