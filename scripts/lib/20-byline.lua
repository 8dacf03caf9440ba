-- 20-byline.lua - gisa.byline(text): the people named in a byline.
--
--   "By Yoo Jee-ho"                         -> { "Yoo Jee-ho" }
--   "By Jane Doe and John Roe in Seoul"     -> { "Jane Doe", "John Roe" }
--   "Reporting by A, B; Editing by C"       -> { "A", "B" } (editors are not authors)
--   "홍길동 기자 hong@yna.co.kr"            -> { "홍길동" }
--   "(서울=연합뉴스) 홍길동·김철수 기자 ="  -> { "홍길동", "김철수" }
--   "홍길동 외 2명"                          -> { "홍길동" }
--   "Reuters" / "연합뉴스"                   -> { "Reuters" } (an agency alone stays)
-- Emails, URLs, roles ("Staff Writer", "특파원") and places ("in Seoul")
-- are dropped; an agency next to people is dropped too.

local gisa, string, table, utf8, ipairs = gisa, string, table, utf8, ipairs

local AGENCIES = {}
for _, a in ipairs({ "reuters", "ap", "associated press", "afp", "yonhap",
	"yonhap news", "yonhap news agency", "bloomberg", "kyodo", "xinhua",
	"dpa", "upi", "efe", "ansa", "tass", "newsis", "news1", "연합뉴스",
	"뉴시스", "뉴스1", "연합", "afp-yonhap", "ap-yonhap", "reuters-yonhap" }) do
	AGENCIES[a] = true
end

local ROLES_EN = {}
for _, r in ipairs({ "staff writer", "staff reporter", "senior reporter",
	"reporter", "correspondent", "special correspondent", "editor",
	"senior editor", "contributor", "columnist", "staff", "writer",
	"contributing writer", "news editor", "political correspondent",
	"business reporter", "photographer" }) do
	ROLES_EN[r] = true
end

-- Korean titles after a name, longest first so "선임기자" wins over "기자".
local ROLES_KO = { "선임기자", "전문기자", "수습기자", "인턴기자", "객원기자",
	"사진기자", "영상기자", "논설위원", "편집위원", "기상캐스터", "특파원",
	"앵커", "기자", "위원", "통신원", "교수" }

-- Words near Korean bylines that are not names.
local NOT_NAMES_KO = {}
for _, w in ipairs({ "사진", "글", "영상", "그래픽", "편집", "취재", "정리",
	"뉴스", "디지털", "온라인", "뉴스팀", "이메일", "제보" }) do
	NOT_NAMES_KO[w] = true
end

local function is_hangul_syllable(c)
	return c >= 0xAC00 and c <= 0xD7A3
end

local function has_hangul(s)
	for _, c in utf8.codes(s, true) do
		if is_hangul_syllable(c) then return true end
	end
	return false
end

-- A Korean name: two to five Hangul syllables and nothing else.
local function korean_name(tok)
	local n = 0
	for _, c in utf8.codes(tok, true) do
		if not is_hangul_syllable(c) then return false end
		n = n + 1
	end
	return n >= 2 and n <= 5 and not NOT_NAMES_KO[tok]
end

local function strip_common(s)
	s = gisa.text_clean(s)
	s = string.gsub(s, "[%w%._%%%+%-]+@[%w%.%-]+%.%a+", " ")  -- emails
	s = string.gsub(s, "https?://%S+", " ")
	-- "(서울=연합뉴스)" / "[서울=뉴시스]": the place=agency lede tag
	s = string.gsub(s, "%b()", function(x) if x:find("=", 1, true) then return " " end end)
	s = string.gsub(s, "%b[]", function(x) if x:find("=", 1, true) then return " " end end)
	s = string.gsub(s, "%s*=%s*$", "")
	s = string.gsub(s, "^%s*=%s*", "")
	return gisa.trim(s)
end

local function korean(s)
	s = string.gsub(s, "외%s*%d+%s*[명인]", " ")
	for _, role in ipairs(ROLES_KO) do
		s = string.gsub(s, role, "|")
	end
	for _, sep in ipairs({ "·", "ㆍ", "、", ",", "/", "|", " 및 ", "(", ")" }) do
		s = table.concat(gisa.split(s, sep), " ")
	end
	local people, agency = {}, nil
	for tok in string.gmatch(s, "%S+") do
		if AGENCIES[string.lower(tok)] then
			agency = agency or tok
		elseif korean_name(tok) then
			people[#people + 1] = tok
		end
	end
	return people, agency
end

local LABELS = { "additional reporting by", "reporting by", "writing by",
	"written by", "story by", "words by", "text by", "by" }

-- A segment of an English byline, its label removed; nil when the
-- segment credits something other than writing ("Editing by").
local function english_segment(seg)
	local low = string.lower(seg)
	for _, l in ipairs(LABELS) do
		if gisa.starts(low, l .. " ") then
			return gisa.trim(string.sub(seg, #l + 1))
		end
	end
	if string.find(low, "^[%a%s]- by ") then return nil end
	return seg
end

local function english_name(piece)
	piece = string.gsub(piece, "%s+in%s+%u[%w%.%-]*[%w%s%.%-]*$", "")
	piece = gisa.trim(string.gsub(piece, "^[Bb][Yy]%s+", ""))
	piece = string.gsub(piece, "^[%p%s]+", "")
	piece = string.gsub(piece, "[%s%p]+$", function(x)
		return x:find("^%.$") and x or ""
	end)
	local low = string.lower(piece)
	if piece == "" or ROLES_EN[low] or not string.find(piece, "%a") then
		return nil
	end
	local _, words = string.gsub(piece, "%S+", "")
	if words > 6 or #piece > 60 then return nil end
	return piece
end

local function english(s)
	local people, agency = {}, nil
	for _, seg in ipairs(gisa.split(s, ";")) do
		seg = english_segment(seg)
		if seg then
			seg = string.gsub(seg, "%s+[Aa][Nn][Dd]%s+", ",")
			seg = string.gsub(seg, "%s*&%s*", ",")
			seg = string.gsub(seg, "%s+[Ww]ith%s+", ",")
			seg = string.gsub(seg, "%s*|%s*", ",")
			for _, piece in ipairs(gisa.split(seg, ",")) do
				local name = english_name(piece)
				if name and AGENCIES[string.lower(name)] then
					agency = agency or name
				elseif name then
					people[#people + 1] = name
				end
			end
		end
	end
	return people, agency
end

-- gisa.byline(text) -> list of names (possibly empty).
function gisa.byline(text)
	if type(text) ~= "string" then
		error("gisa.byline: expected a string, got " .. type(text), 2)
	end
	local s = strip_common(text)
	local people, agency
	if has_hangul(s) then
		people, agency = korean(s)
	else
		people, agency = english(s)
	end
	if #people == 0 and agency then people = { agency } end
	return gisa.unique(people)
end
