// IsPlaceName: country and time-zone city names from ICU's locale data.
#include <memory>
#include <string>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>

#include "storyline/text.h"

namespace storyline::text {
namespace {

std::unordered_set<std::string> LoadPlaceNames() {
  std::unordered_set<std::string> names;
  auto add = [&](const icu::UnicodeString& name) {
    std::string utf8;
    name.toUTF8String(utf8);
    if (!utf8.empty()) names.insert(FoldCase(utf8));
  };
  const icu::Locale& english = icu::Locale::getEnglish();
  for (const char* const* country = icu::Locale::getISOCountries(); *country; ++country) {
    icu::UnicodeString name;
    add(icu::Locale("", *country).getDisplayCountry(english, name));
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> zone_names(icu::TimeZoneNames::createInstance(english, status));
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status) || !zone_names || !zones) return names;
  for (const icu::UnicodeString* id; (id = zones->snext(status)) != nullptr && U_SUCCESS(status);) {
    icu::UnicodeString city;
    add(zone_names->getExemplarLocationName(*id, city));
  }
  return names;
}

}  // namespace

bool IsPlaceName(std::string_view folded) {
  static const std::unordered_set<std::string> names = LoadPlaceNames();  // thread-safe first use
  return names.count(std::string(folded)) > 0;
}

}  // namespace storyline::text
