#pragma once
// libical, loaded when a policy first names a calendar (ical_library.cpp).

#include <libical/ical.h>

namespace gate::windows_detail {

// Every libical function calendar.cpp calls.
#define GATE_ICAL_FUNCTIONS(X)         \
  X(icalcomponent_free)                \
  X(icalcomponent_get_first_component) \
  X(icalcomponent_get_first_property)  \
  X(icalcomponent_get_next_component)  \
  X(icalcomponent_get_next_property)   \
  X(icalcomponent_isa)                 \
  X(icalcomponent_new_from_string)     \
  X(icaldurationtype_as_int)           \
  X(icalerror_set_errors_are_fatal)    \
  X(icalparameter_get_tzid)            \
  X(icalproperty_get_dtend)            \
  X(icalproperty_get_dtstart)          \
  X(icalproperty_get_duration)         \
  X(icalproperty_get_exdate)           \
  X(icalproperty_get_first_parameter)  \
  X(icalproperty_get_rdate)            \
  X(icalproperty_get_rrule)            \
  X(icalproperty_get_summary)          \
  X(icalproperty_get_uid)              \
  X(icalproperty_get_xlicerror)        \
  X(icalrecur_freq_to_string)          \
  X(icalrecur_iterator_free)           \
  X(icalrecur_iterator_new)            \
  X(icalrecur_iterator_next)           \
  X(icaltime_is_null_time)             \
  X(icaltime_is_utc)                   \
  X(icaltime_null_time)

/// libical's functions, each a member named as the function.
struct IcalLibrary {
#define GATE_ICAL_MEMBER(name) decltype(&::name) name = nullptr;
  GATE_ICAL_FUNCTIONS(GATE_ICAL_MEMBER)
#undef GATE_ICAL_MEMBER
};

/// libical, opened on the first call (thread-safe). Throws gate::Error when it is not
/// installed or lacks a function.
const IcalLibrary& ical();

}  // namespace gate::windows_detail
