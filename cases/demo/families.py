"""The families around three demo households, for their genograms and eco-maps: the
8050 household (佐々木), the double-care family (中島) and the DV case with 住所秘匿 (高木).
Each gets three generations of relations (spouses, a divorce or separation, a deceased
grandparent, relatives living elsewhere, recorded with the household), a key person, and
the worker's eco-map lines (strong, weak, stressful; informal supports and markings of the
team agencies).

Written with the models and their history (who, and a reason), as the relation and
eco-link services would: this module runs after the stories that made the households.
All names are fictional."""

from __future__ import annotations

import datetime as dt
import zlib

from django.utils.translation import gettext_noop

from cases.demo.loader import FEMALE, MALE, Loader, story
from cases.models import EcoLink, Household, Person, PersonRelation
from core.history import save_with_history

K = PersonRelation.Kind
STRONG, WEAK, STRESSFUL = EcoLink.Strength.STRONG, EcoLink.Strength.WEAK, EcoLink.Strength.STRESSFUL


class Family:
    """Writes one household's relatives, relations, key person and eco-map lines as the
    worker who took it in."""

    def __init__(self, d: Loader, household_name: str, by: str) -> None:
        self.d = d
        self.actor = d.user(by)
        self.household = Household.objects.get(name=household_name)
        self.members = {
            m.person.given_name: m.person
            for m in self.household.memberships.select_related("person")
        }

    def born(self, name: str, age: int) -> dt.date:
        seed = zlib.crc32(name.encode())
        return dt.date(self.d.today.year - age, seed % 12 + 1, seed // 12 % 28 + 1)

    def relative(
        self, name: str, kana: str, age: int, sex: str, *, died_years_ago: int | None = None
    ) -> Person:
        """A relative living in no household on record (elsewhere, or deceased), recorded
        with this household. A deceased person's `age` is the age they would be now."""
        family, given = name.partition(" ")[::2]
        family_kana, given_kana = kana.partition(" ")[::2]
        died_on = None
        if died_years_ago is not None:
            died_on = self.d.today.replace(month=1, day=15) - dt.timedelta(
                days=365 * died_years_ago
            )
        person = Person(
            family_name=family,
            given_name=given,
            family_name_kana=family_kana,
            given_name_kana=given_kana,
            birth_date=self.born(name, age),
            sex=sex,
            deceased=died_on is not None,
            died_on=died_on,
            recorded_with=self.household,
            owner_agency=self.household.owner_agency,
        )
        return save_with_history(person, self.actor, gettext_noop("relative recorded"))

    def relate(self, person: Person, other: Person, kind: str, **dates: dt.date) -> None:
        row = PersonRelation(
            person=person,
            relative=other,
            kind=kind,
            owner_agency=self.household.owner_agency,
            created_by=self.actor,
            **dates,
        )
        save_with_history(row, self.actor, gettext_noop("relation recorded"))

    def couple(self, a: Person, b: Person, married: int, divorced_days_ago: int | None = None):
        """Partners married in the year `married` (and separated `divorced_days_ago`)."""
        dates = {"married_on": dt.date(married, 4, 1)}
        if divorced_days_ago is not None:
            dates["divorced_on"] = self.d.day(-divorced_days_ago)
        self.relate(a, b, K.PARTNER, **dates)

    def children(self, parents: tuple[Person, ...], *children: Person) -> None:
        for parent in parents:
            for child in children:
                self.relate(parent, child, K.PARENT)

    def key_person(self, person: Person) -> None:
        self.household.key_person = person
        save_with_history(self.household, self.actor, gettext_noop("key person recorded"))

    def line(
        self, label: str, strength: str, role: str = "", note: str = "", *, agency: str = ""
    ) -> None:
        """An eco-map line: to an informal support (`label`), or marking a team agency."""
        source = f"agency:{self.d.agencies[agency].pk}" if agency else EcoLink.INFORMAL
        link = EcoLink(
            household=self.household,
            source=source,
            label="" if agency else label,
            role=role,
            strength=strength,
            note=note,
            owner_agency=self.household.owner_agency,
            created_by=self.actor,
        )
        save_with_history(link, self.actor, gettext_noop("eco-map link added"))


@story
def families(d: Loader) -> None:
    """Genograms and eco-maps of the 8050, double-care and DV households."""
    sasaki_family(d)
    nakajima_family(d)
    takagi_family(d)


def sasaki_family(d: Loader) -> None:
    """8050: the mother トミ and her son 健太 (ひきこもり); the father died; the elder
    daughter, the key person, lives in the next city with her husband and son."""
    f = Family(d, "佐々木世帯", "sogo-worker")
    tomi, kenta = f.members["トミ"], f.members["健太"]
    masao = f.relative("佐々木 正雄", "ささき まさお", 88, MALE, died_years_ago=9)
    keiko = f.relative("村田 恵子", "むらた けいこ", 56, FEMALE)
    takashi = f.relative("村田 隆", "むらた たかし", 58, MALE)
    sho = f.relative("村田 翔", "むらた しょう", 27, MALE)
    f.couple(masao, tomi, married=d.today.year - 60)
    f.children((masao, tomi), keiko, kenta)
    f.couple(takashi, keiko, married=d.today.year - 31)
    f.children((takashi, keiko), sho)
    f.key_person(keiko)
    f.line("", STRONG, "要介護認定・ケアプラン", "週1回訪問", agency="h_east")
    f.line("", WEAK, "精神保健（長男）", "本人とは未面談", agency="hoken")
    f.line("長女 村田 恵子さん（市外）", STRONG, "家族の窓口", "週末に来訪")
    f.line("民生委員 森田さん", WEAK, "民生委員", "月1回の見守り訪問")
    f.line("隣家の大野さん", STRONG, "近隣", "回覧板・声かけ、異変時に連絡")
    f.line("町内会（ごみ出し）", STRESSFUL, "近隣", "ごみの分別をめぐる苦情")


def nakajima_family(d: Loader) -> None:
    """Double care: 由香 looks after her mother-in-law 和子 (whose husband died) and two
    small children; her own parents live far away; her husband's sister lives in town."""
    f = Family(d, "中島世帯", "sogo-worker2")
    daiki, yuka, kazuko = f.members["大樹"], f.members["由香"], f.members["和子"]
    hina, ao = f.members["陽菜"], f.members["蒼"]
    masaru = f.relative("中島 勝", "なかじま まさる", 80, MALE, died_years_ago=3)
    mari = f.relative("西村 真理", "にしむら まり", 40, FEMALE)
    akira = f.relative("小林 明", "こばやし あきら", 72, MALE)
    setsuko = f.relative("小林 節子", "こばやし せつこ", 70, FEMALE)
    f.couple(masaru, kazuko, married=d.today.year - 47)
    f.children((masaru, kazuko), daiki, mari)
    f.couple(akira, setsuko, married=d.today.year - 45)
    f.children((akira, setsuko), yuka)
    f.couple(daiki, yuka, married=d.today.year - 7)
    f.children((daiki, yuka), hina, ao)
    f.key_person(yuka)
    f.line("", WEAK, "一時預かり・子育て相談", "一時預かりは未利用", agency="kodomo")
    f.line("デイサービス さくら", STRONG, "義母の通所（週1回）", "送迎時に様子を共有")
    f.line("近所のママ友 吉田さん", STRONG, "友人", "上の子の送迎を時々手伝う")
    f.line("由香さんの実家（県外）", WEAK, "親族", "電話のみ、来訪は年1回")
    f.line("夫の勤務先", STRESSFUL, "長時間勤務", "平日はほぼ不在、休暇が取りにくい")
    f.line("義妹 西村 真理さん", WEAK, "親族", "介護の分担に消極的")


def takagi_family(d: Loader) -> None:
    """DV, 住所秘匿: 美穂 and her daughter ひまり left the husband (separated two months
    ago); 美穂's mother, the key person, supports her by phone; her father died."""
    f = Family(d, "高木世帯", "kodomo-worker")
    miho, himari = f.members["美穂"], f.members["ひまり"]
    shota = f.relative("高木 翔太", "たかぎ しょうた", 36, MALE)
    kyoko = f.relative("藤井 京子", "ふじい きょうこ", 62, FEMALE)
    makoto = f.relative("藤井 誠", "ふじい まこと", 66, MALE, died_years_ago=5)
    f.couple(makoto, kyoko, married=d.today.year - 38)
    f.children((makoto, kyoko), miho)
    f.couple(shota, miho, married=d.today.year - 9, divorced_days_ago=62)
    f.children((shota, miho), himari)
    f.key_person(kyoko)
    f.line("", STRONG, "生活保護", "担当CWと週1回連絡", agency="seikatsu")
    f.line("", WEAK, "子どもの居場所（放課後）", agency="hidamari")
    f.line("実家の母 藤井 京子さん", STRONG, "親族", "毎晩の電話で支えている")
    f.line("夫 高木 翔太", STRESSFUL, "加害者", "所在を探している。接触禁止")
    f.line("警察署 生活安全課", WEAK, "保護命令・相談", "緊急時の通報先")
