#include "msgpackcodec_p.h"
