"""Hand-written word lists for the independent dialogue evaluation set.

Everything here was typed by hand for ``make_dialogue_set.py``; nothing is
imported from a package name list or from the project's recognizers.
Multi-word entries use ``_`` in place of a space (``de_souza``).
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    """Split a whitespace separated list; ``_`` stands for a space."""
    return tuple(tok.replace("_", " ") for tok in text.split())


# culture -> (given names, family names). Mixed genders, common and rare.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        _w(
            "oliver harriet alfie imogen barnaby tamsin rupert philippa gethin cerys "
            "hamish morag ffion dafydd isla lachlan wilf araminta jem clemmie tobias "
            "gwendolyn ptolemy wilhelmina elspeth crispin"
        ),
        _w(
            "whitlock ashworth pennington cholmondeley featherstone braithwaite "
            "pugh llewellyn mcnab urquhart trelawney blenkinsop ridley hargreaves "
            "dunmore fairclough sowerby nettleship gosling winterbottom"
        ),
    ),
    "irish": (
        _w("siobhan niamh oisin caoimhe padraig ciaran aoife donnacha grainne sadhbh eoghan roisin tadhg orla"),
        _w(
            "o'donnell mcgillicuddy ni_bhriain o'sullivan mac_giolla flanagan "
            "breathnach o'shaughnessy kavanagh mcelhinney de_burca"
        ),
    ),
    "american": (
        _w(
            "brayden kaylee tucker maddox jolene delbert lurleen cody shelby ruthanne "
            "dwight tanner harper bodhi kennedy"
        ),
        _w(
            "vanderhoek kowalczyk-ross pettibone huckabee lundqvist fairweather "
            "birdsong oyelaran-smith strickland mcalister"
        ),
    ),
    "indian": (
        _w(
            "priyanka rajesh anjali vikram lakshmi sudhir meenakshi harpreet gurleen "
            "aravind shreya devendra nandini jaswinder rohini"
        ),
        _w(
            "venkataraman chattopadhyay iyer raghunathan deshpande bhattacharya "
            "krishnamurthy sandhu ahluwalia mehta subramanian kulkarni"
        ),
    ),
    "pakistani": (
        _w("imran ayesha bilal saima zubair nadia faisal rukhsana usman mehwish"),
        _w("qureshi chaudhry siddiqui butt malik rehman awan bhatti"),
    ),
    "bangladeshi": (
        _w("tahmina rashedul nusrat shahidul farzana mahbub sharmin anisur"),
        _w("chowdhury rahman uddin begum hossain talukder miah sarkar"),
    ),
    "nigerian": (
        _w("chukwuemeka adaeze oluwaseun folake babatunde ngozi obinna yewande chiamaka temitope ifeoluwa emeka"),
        _w("okonkwo adeyemi nwachukwu okafor oyelowo balogun eze okwuosa adebayo-johnson onyekachi"),
    ),
    "ghanaian": (
        _w("kwabena akosua kofi ama yaw efua kwame abena"),
        _w("mensah boateng asante owusu-ansah appiah ofori agyeman"),
    ),
    "somali": (_w("abdirahman hodan faadumo mahad ayaan liban sagal"), _w("warsame abdi farah jama hersi mohamud")),
    "chinese": (_w("wei xiaoling jun meihua zhiwei yuting haoran li_na"), _w("zhang liu huang zhou xu guo ng tsang")),
    "vietnamese": (_w("thanh huong minh linh quang thuy duc phuong"), _w("nguyen tran pham hoang vu dang bui")),
    "korean": (_w("ji-woo seo-yeon min-jun hyun-woo eun-ji dong-hyun"), _w("kim park choi jeong kang yoon")),
    "japanese": (
        _w("haruto yui sota aoi kenji akiko hiroshi naoko"),
        _w("takahashi watanabe yamaguchi nakamura kobayashi fujimoto"),
    ),
    "filipino": (
        _w("maricel jericho rowena jonel lovely rhea arnel divina"),
        _w("dela_cruz macaraeg bautista villanueva manalo dimaculangan"),
    ),
    "polish": (
        _w("agnieszka grzegorz małgorzata wojciech katarzyna przemysław zbigniew bożena"),
        _w("kowalski wiśniewski szczepański brzęczyszczykiewicz grabowski wojciechowska zielińska"),
    ),
    "romanian": (
        _w("ioana mihai andreea bogdan florin raluca catalin"),
        _w("popescu ionescu dumitrescu stanciu georgescu munteanu"),
    ),
    "portuguese": (
        _w("joão inês gonçalo beatriz rui filipa tiago"),
        _w("ferreira gonçalves de_sousa carvalho pereira magalhães"),
    ),
    "brazilian": (
        _w("thiago larissa rafaela caio juliana gabriel luana"),
        _w("oliveira dos_santos rodrigues almeida nascimento cavalcanti"),
    ),
    "mexican": (
        _w("guadalupe jesús xochitl alejandro ximena santiago citlali"),
        _w("hernandez gutierrez ramirez castañeda villarreal ochoa"),
    ),
    "spanish": (
        _w("álvaro begoña íñigo nuria ainhoa borja montserrat"),
        _w("garcía-lópez echeverría iglesias marín etxeberria"),
    ),
    "italian": (
        _w("giuseppe chiara lorenzo francesca domenico ilaria salvatore"),
        _w("esposito bianchi lombardi de_luca ferraro caruso"),
    ),
    "greek": (
        _w("dimitris eleni konstantinos anastasia spyros theodora"),
        _w("papadopoulos georgiou christodoulou karagiannis nikolaidis"),
    ),
    "turkish": (_w("mehmet ayşe emre zeynep burak elif cem"), _w("yılmaz öztürk demir kaya çelik aydın")),
    "arabic": (
        _w("yousef fatima omar layla khalid noor hamza rania"),
        _w("al-rashid haddad khoury el-amin mansour al-hashimi"),
    ),
    "persian": (_w("dariush shirin arash parisa kourosh golnar babak"), _w("tehrani farahani jafari rostami karimi")),
    "jamaican": (
        _w("delroy marcia winston shanice desmond precious errol"),
        _w("campbell mcfarlane bartley clarke wilmot"),
    ),
}

# Given names that are also everyday words: used both as real names and
# (elsewhere) inside ordinary sentences, unlabelled.
WORDLIKE_GIVEN: tuple[str, ...] = _w(
    "will mark grace rose frank hope bill joy faith summer sue pat rob dawn june april august penny ray"
)

# Agent first names (some calls only give a first name).
AGENT_NAMES: tuple[str, ...] = _w(
    "dave siobhan priya marcus kerry jamal becky tomasz sanjay leanne olu "
    "gemma hussein chantelle callum deepa ryan lorraine kwame ines bradley "
    "aisling mohammed shona kieran tegan faisal jade wes nkechi ollie "
    "bernadette ravi stacey amir kirsty luis hollie declan yasmin craig"
)

UK_STREETS: tuple[str, ...] = _w(
    "acacia_avenue mill_lane station_road church_street the_paddocks "
    "willow_crescent kings_road victoria_terrace coronation_street "
    "ashby_close fernhill_drive oakwood_grove blackthorn_way sandpiper_court "
    "cuthbert_gardens heol_y_parc glebe_road nightingale_walk priory_mews "
    "tanners_row bishopsgate_lane larkspur_rise albion_place quarry_hill"
)
UK_TOWNS: tuple[str, ...] = _w(
    "leeds harrogate swindon carlisle stockport wrexham dundee truro "
    "milton_keynes basingstoke luton ipswich hull bolton paisley "
    "kidderminster aberystwyth peterborough"
)
US_STREETS: tuple[str, ...] = _w(
    "elm_street maple_avenue north_main_street sycamore_drive lakeview_boulevard "
    "west_forty_second_street cottonwood_lane pine_ridge_road harbor_view_court "
    "oak_hollow_drive wisteria_way county_road_nine south_cedar_avenue "
    "magnolia_circle canyon_creek_trail"
)
US_TOWNS: tuple[str, ...] = _w(
    "tulsa boise dayton fresno albany scranton spokane el_paso fort_wayne savannah tacoma omaha"
)
US_STATES: tuple[str, ...] = _w("ohio texas georgia idaho oklahoma california new_york washington")

# Outward-code areas for UK postcodes (letters only).
UK_POSTCODE_AREAS: tuple[str, ...] = _w(
    "ls m b sw e n nw se g eh cf bs ng le cv ox rg hu dn sk wa ch ll sa pl tr ex "
    "ba sn gl hr wr dy ws st de s wf hd bd hx ol bl pr fy la ca ne dh sr ts yo"
)

EMAIL_DOMAINS_UK: tuple[str, ...] = _w(
    "gmail.com hotmail.co.uk outlook.com yahoo.co.uk btinternet.com icloud.com sky.com live.co.uk talktalk.net"
)
EMAIL_DOMAINS_US: tuple[str, ...] = _w(
    "gmail.com yahoo.com outlook.com aol.com icloud.com comcast.net hotmail.com att.net"
)

MEMORABLE_WORDS: tuple[str, ...] = _w(
    "butterfly lighthouse marmalade tangerine pemberton zanzibar cobblestone "
    "kingfisher rhubarb snowdonia gazebo ostrich"
)
PET_NAMES: tuple[str, ...] = _w(
    "biscuit pickle mr_whiskers bonzo tiddles sooty patch rusty pepper custard fluffy nibbles bruno"
)
FIRST_SCHOOLS: tuple[str, ...] = _w(
    "st_mary's_primary oakfield_juniors hillcrest_elementary "
    "greenside_infants holy_cross roosevelt_elementary parkview "
    "st_bede's lincoln_middle_school"
)

# sector -> (UK company names, US company names). Several look like surnames.
COMPANIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "banking": (
        _w("hartley_&_finch_bank northgate_building_society morgan_lowe_bank the_pennine_mutual"),
        _w("chase_river_credit_union harrison_savings_bank first_keystone_bank"),
    ),
    "telecoms": (
        _w("brightwave_mobile talkwell fibrenet_uk skylark_broadband"),
        _w("bluepeak_wireless meridian_cable sterling_telecom"),
    ),
    "utilities": (
        _w("northgate_energy crown_water ashford_gas_and_power greenleaf_energy"),
        _w("tri-county_electric lakeshore_gas_company franklin_water_district"),
    ),
    "insurance": (
        _w("wellstone_insurance the_harbour_mutual brookfield_direct"),
        _w("patriot_auto_insurance kendall_life summit_home_and_auto"),
    ),
    "retail": (
        _w("larkins_home_store bramley_&_co fenwick_outdoor parcel_and_post_direct"),
        _w("buckley's_department_store hometown_hardware maxwell_electronics"),
    ),
    "travel": (
        _w("bluesky_holidays albion_rail skyward_air hadley_coach_tours"),
        _w("liberty_air_lines trailways_express coastline_cruises"),
    ),
    "healthcare": (
        _w("the_elms_surgery riverside_medical_practice lister_dental_group"),
        _w("st_jude_family_clinic carver_health_plans mercy_valley_medical_group"),
    ),
}

# Place names with no address (precision material). Several are also names.
UK_PLACES: tuple[str, ...] = _w(
    "manchester chester lincoln kingston florence_street_market victoria_station "
    "bristol the_lake_district cornwall glasgow reading cardiff"
)
US_PLACES: tuple[str, ...] = _w("austin jackson charlotte madison orlando denver the_bay_area phoenix st_louis eugene")
PRODUCTS: dict[str, tuple[str, ...]] = {
    "banking": _w("the_platinum_card the_everyday_saver the_flex_account the_app"),
    "telecoms": _w("the_unlimited_plan the_twenty_gig_sim_only the_fibre_500 the_family_bundle the_galaxy the_pixel"),
    "utilities": _w("the_fixed_tariff the_smart_meter the_green_saver_tariff the_boiler_cover"),
    "insurance": _w("the_comprehensive_cover the_contents_policy the_breakdown_add-on the_travel_policy"),
    "retail": _w("the_washing_machine the_sofa the_air_fryer the_garden_table the_kettle the_hiking_boots"),
    "travel": _w("the_flexi_fare the_sleeper the_premium_economy_seat the_city_break_package"),
    "healthcare": _w("the_repeat_prescription the_blood_test the_flu_jab the_dental_check-up"),
}

# Ordinary sentences that contain name-like words used as words (unlabelled).
# Placeholders are filled by the generator in the channel's number style.
WORDY_LINES: tuple[str, ...] = (
    "will you be able to sort that out today",
    "can you mark it as urgent",
    "i'll be frank with you i'm not happy",
    "i just want to get it sorted so i can get on with my day",
    "i live in hope to be honest",
    "i'm not going to sue anyone i just want it fixed",
    "i'm in {place} at the moment",
    "i was in {place} all last week",
    "to be fair to you it's been fine until now",
    "every penny counts at the moment",
    "it's the third time i've had to ring about it",
    "i've been with you since {year}",
    "i've been on hold for {dur} already",
    "honestly it's been a nightmare since {month}",
    "my neighbour had the same thing",
    "i got a pat on the back from my wife for sorting it so",
    "the summer's always a bit mad for us",
)

# Short questions a customer cuts in with.
INTERRUPT_LINES: tuple[str, ...] = (
    "will this affect my credit rating",
    "may i ask how long it'll take",
    "is there a grace period on that",
    "will you bill me for this call",
    "can you mark it as urgent",
    "will i lose my discount",
    "is it going to rise by {pct} again next year",
)

AGENT_WORDY_LINES: tuple[str, ...] = (
    "i'll mark that on the account now",
    "there's a grace period of {days} days on that",
    "that will show on your next bill",
    "will that be okay for you",
    "i'll make a note so the next person can see it",
    "we did a price review in april",
    "prices rose by {pct} at the last review",
    "i'll be frank with you we've had a lot of calls about it",
    "i'll put it down as a priority",
)

# Security question "favourite food" answers.
FAVOURITE_FOODS: tuple[str, ...] = _w("lasagne sticky_toffee_pudding jollof_rice pierogi pad_thai shepherd's_pie pho")

# Sector issues. Each: (flags, customer statements, agent replies,
# customer follow-ups, agent resolutions). Flags pick extra PII steps:
# pay=card payment, email=email update, addr=address change,
# call=callback number, third=third party, ref=reference number.
Issue = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]

ISSUES: dict[str, tuple[Issue, ...]] = {
    "banking": (
        (
            "third",
            (
                "i've lost my debit card i think i left it in a taxi",
                "my card's gone missing and i need it cancelled",
                "i can't find my card anywhere since {past}",
            ),
            ("okay i'll get that blocked straight away", "right let's get that card stopped first"),
            ("will the new one have the same pin", "how long will the new one take"),
            (
                "you'll get a new card in three to five working days and the pin comes separately",
                "the replacement should be with you in {dur2} working days",
            ),
        ),
        (
            "pay",
            (
                "i've got a payment on here i don't recognise for {price}",
                "there's a transaction from {company2} i didn't make it's {price}",
            ),
            ("okay let me pull up the transactions", "right i can see a pending payment for that amount"),
            ("i've never even shopped there", "it went out at like {time} in the morning"),
            (
                "i've raised a dispute and you'll hear back within {days} days",
                "i've put a temporary credit of {price} on the account while we look into it",
            ),
        ),
        (
            "ref",
            (
                "i was charged an overdraft fee of {price} and i want it refunded",
                "why have i been charged {price} for going overdrawn",
            ),
            (
                "i can see the fee here it was applied {past}",
                "the overdraft rate is {pct} so that's where that's come from",
            ),
            ("it was only over for a day", "that's the third time this year"),
            (
                "as a one off i can refund that for you it'll show in {dur2} days",
                "i've refunded the fee and added a note",
            ),
        ),
        (
            "call",
            (
                "i'm trying to set up the app and it keeps saying error code {qtybig}",
                "the app won't let me log in since the update",
            ),
            ("have you tried reinstalling it", "okay we've had a few reports about that today"),
            ("i've done that twice now", "i'm on the latest version i think"),
            ("i'll get the digital team to call you back within {dur}", "it should be fixed by about {time}"),
        ),
        (
            "addr",
            (
                "i've moved house and need to update my details",
                "i'm moving on the {ordinal} and want to change my address",
            ),
            ("no problem i can do that for you", "sure let me just bring up your details"),
            ("do i need to send anything in", "will my cards still work"),
            (
                "that's all updated your statements will go to the new address",
                "done it'll take effect within twenty four hours",
            ),
        ),
    ),
    "telecoms": (
        (
            "pay",
            ("my bill's gone up to {price} and it's normally about {price2}", "why is my bill {price} this month"),
            (
                "okay let me have a look at the breakdown",
                "i can see some roaming charges from when you were in {place_abroad}",
                "prices rose by {pct} in april so that's part of it",
            ),
            ("nobody told me about roaming charges", "i only used it for maps"),
            (
                "i can take {price2} off as a goodwill gesture",
                "i'll add the travel bolt on for next time it's {price2} a day",
            ),
        ),
        (
            "",
            (
                "my broadband keeps dropping out in the evenings",
                "the internet's been down since {time} yesterday",
                "i'm only getting about {qtybig} meg download",
            ),
            ("i'm just running a line test now it takes about {dur}", "there is a known fault in your area"),
            ("i work from home so i really need it", "i've already turned the router off and on"),
            ("an engineer can come out {appt} between {time} and {time2}", "it should be resolved within {dur}"),
        ),
        (
            "email",
            (
                "i want to upgrade my phone my contract ends in {month}",
                "i'm looking at {product} what deals have you got",
            ),
            (
                "okay so on {product} it's {price} a month with {data}",
                "we've got {data} for {price} a month on a twenty four month plan",
            ),
            ("that's more than i'm paying now", "can you do it any cheaper"),
            (
                "i can knock it down to {price2} if you go for the thirty six month one",
                "i'll email you the summary now",
            ),
        ),
        (
            "call",
            ("i want to cancel my contract", "i'm thinking of leaving to be honest i've had a better offer"),
            ("i'm sorry to hear that can i ask why", "before you go let me see what i can do"),
            ("{company2} offered me {data} for {price2}", "it's just too expensive"),
            (
                "i can match that at {price2} a month",
                "you've got {dur_long} left so there'd be an early exit fee of {price}",
            ),
        ),
        (
            "third",
            ("i'm calling about my son's phone he's gone over his data", "my daughter's used {data} in a week"),
            ("okay i can set a spending cap on that", "i can add a data bolt on for {price2}"),
            ("how do i stop it happening again", "can you cap it at {price2}"),
            ("i've put a cap on it now", "the cap's on and it resets on the {ordinal}"),
        ),
    ),
    "utilities": (
        (
            "",
            ("i'm ringing to give a meter reading", "i want to submit my readings the app's not working"),
            ("go ahead when you're ready", "okay what's the reading on the electric"),
            ("it's {reading}", "electric is {reading} and gas is {reading2}"),
            ("thanks that's on the system", "lovely that's gone through"),
        ),
        (
            "pay",
            ("i've got a bill for {price} which seems really high", "my direct debit's gone up to {price} a month"),
            ("it looks like that was based on an estimate", "your usage is up about {pct} on last year"),
            ("we've had the heating on a lot more", "that can't be right"),
            ("i can bring the direct debit down to {price2}", "if you pay the balance today it'll be cleared"),
        ),
        (
            "addr",
            ("i'm moving out on the {ordinal} and need to close the account", "we're moving house next month"),
            ("okay we'll need a final reading on the day", "we can move your supply to the new place"),
            ("do i need to be in for that", "will the tariff be the same"),
            ("the final bill will come out within {dur2} weeks", "you'll stay on {product} at the new address"),
        ),
        (
            "third",
            (
                "i'm calling for my dad he's elderly and can't manage the phone",
                "i'm ringing on behalf of my mother she's had a bill she doesn't understand",
            ),
            ("i'll need to speak to them briefly to get permission", "is the account holder with you"),
            ("yeah they're here i'll put them on", "one second i'll pass the phone over"),
            ("thank you i've added you as a nominated person", "that's all set up now"),
        ),
        (
            "call",
            ("there's a smell of gas in the kitchen", "my boiler's stopped working and i've got no hot water"),
            ("okay first have you turned off the supply at the meter", "is anyone in the property vulnerable"),
            ("yes i've done that", "my wife's got a baby on the way"),
            ("an engineer will be with you within {dur}", "someone will be out {appt} between {time} and {time2}"),
        ),
    ),
    "insurance": (
        (
            "ref",
            (
                "i need to make a claim someone's gone into the back of me",
                "i want to report an accident it happened {past}",
            ),
            ("i'm sorry to hear that is everyone okay", "okay let's get some details"),
            ("it happened at about {time} on the roundabout", "the other driver admitted it"),
            (
                "i've opened a claim and a handler will be in touch within {dur2} days",
                "we'll arrange a courtesy car in the meantime",
            ),
        ),
        (
            "pay",
            (
                "my renewal's come through and it's gone up by {pct}",
                "i got my renewal and it's {price} compared to {price2} last year",
            ),
            ("let me see if there's anything i can do", "premiums have gone up across the market i'm afraid"),
            ("i haven't claimed in {qty} years", "i'll be frank with you i'll go elsewhere"),
            (
                "i can bring it down to {price2} if you pay annually",
                "i've removed the legal cover which saves {price2}",
            ),
        ),
        (
            "third",
            ("i want to add my partner as a named driver", "can i put my son on my policy he's just passed his test"),
            ("sure that'll change the premium slightly", "that's fine i'll need their details"),
            ("how much extra will it be", "he's seventeen"),
            ("that'll be an extra {price2} for the rest of the year", "that's added from today"),
        ),
        (
            "email",
            (
                "i'm going to {place_abroad} and want to check my travel cover",
                "do i need to tell you about a medical condition before i travel",
            ),
            ("okay which policy is that on", "when are you travelling"),
            ("it's the annual travel one", "we fly out on {appt} for {dur2} weeks"),
            ("you're covered i'll email the certificate", "i've added the condition there's no extra charge"),
        ),
    ),
    "retail": (
        (
            "ref",
            ("my parcel says delivered but it's not here", "i ordered {product} and it still hasn't arrived"),
            ("i'm sorry about that let me check with the courier", "it shows as left in a safe place at {time}"),
            ("there's no safe place at my house", "i've checked with the neighbours"),
            (
                "i'll send a replacement out it'll be with you {appt}",
                "i've issued a refund of {price} it'll take {dur2} working days",
            ),
        ),
        (
            "pay",
            (
                "i want to order {product} over the phone the website keeps crashing",
                "can i pay for an order over the phone",
            ),
            ("of course that's {price} including delivery", "that comes to {price} altogether"),
            ("is there a discount code or anything", "can you deliver {appt}"),
            ("delivery's between {time} and {time2}", "i've applied ten percent off for you"),
        ),
        (
            "email",
            ("i need to return {product} it's faulty", "i want to send back {product} it's the wrong colour"),
            ("no problem i'll email you a returns label", "you've got {days} days to return it"),
            ("do i need the original box", "can you collect it"),
            ("the courier will come {appt}", "the refund will be {price}"),
        ),
        (
            "",
            ("what time do you close on sundays", "is the {place} store open on bank holidays"),
            ("sundays we're open {time} till {time2}", "bank holidays are normal hours"),
            ("and is there parking", "do you have the {product} in stock there"),
            ("there's free parking for {dur}", "there's {qty} in stock at the moment"),
        ),
    ),
    "travel": (
        (
            "ref",
            ("i need to change my flight to a day later", "i want to move my booking to {appt}"),
            ("let me see what's available", "there's a flight at {time} or {time2}"),
            ("is there a fee for changing", "the later one is better"),
            ("there's a change fee of {price}", "the fare difference is {price2}"),
        ),
        (
            "third",
            ("my flight was cancelled and i want a refund", "we were delayed {dur} and missed our connection"),
            ("i'm really sorry about that", "you're entitled to compensation of {price}"),
            ("there were {qty} of us travelling", "we had to pay for a hotel in {place_abroad}"),
            ("send us the receipts and we'll reimburse you", "the refund will take {dur2} weeks"),
        ),
        (
            "pay",
            ("i want to book {product} to {place_abroad}", "can i book the sleeper for {qty} people"),
            ("we've got availability on {appt}", "that's {price} per person"),
            ("does that include luggage", "can we sit together"),
            ("that includes one bag of twenty three kilos", "i've reserved seats together"),
        ),
    ),
    "healthcare": (
        (
            "",
            ("i need to book an appointment with the doctor", "can i get an appointment this week"),
            ("the next routine one is {appt} at {time}", "we've got a telephone slot at {time}"),
            ("is there anything sooner", "that's fine"),
            ("i'll pop you in for {time2}", "you're booked in"),
        ),
        (
            "third",
            ("i'm ringing about my mum's prescription", "my husband's repeat prescription hasn't been sent"),
            ("it's been sent to the pharmacy this morning", "the doctor needs to review it first"),
            ("how long will that take", "she's run out of tablets"),
            ("it'll be ready after {time}", "allow {dur2} working days"),
        ),
        (
            "pay",
            (
                "i got a bill for {price} from my last visit",
                "my insurance should have covered the visit but i got a bill",
            ),
            ("let me look at the claim", "the claim was processed and your copay is {price2}"),
            ("can i set up a payment plan", "i'll pay it today"),
            ("i can split it into {qty} payments", "we can take that now"),
        ),
        (
            "call",
            ("i need my test results", "i'm waiting on blood test results"),
            ("they came back {past} the doctor wants a chat", "they're normal no further action"),
            ("can someone call me", "is that good news"),
            ("the doctor will call you back before {time}", "yes nothing to worry about"),
        ),
    ),
}

# Given names with a clear usual gender, across cultures; used where the
# conversation implies gender (husband, mum, "mrs").
FEMALE_GIVEN: tuple[str, ...] = _w(
    "margaret bernadette siobhan aoife priya lakshmi harpreet ayesha rukhsana "
    "nusrat adaeze ngozi folake akosua efua hodan faadumo xiaoling meihua thuy "
    "huong eun-ji seo-yeon akiko naoko maricel rowena agnieszka bożena ioana "
    "raluca beatriz filipa larissa luana guadalupe xochitl nuria begoña chiara "
    "ilaria eleni theodora ayşe zeynep layla rania shirin golnar marcia shanice "
    "dolores winifred maud kerry-ann"
)
MALE_GIVEN: tuple[str, ...] = _w(
    "rajesh vikram sudhir imran bilal usman shahidul mahbub chukwuemeka obinna "
    "babatunde kwabena kofi yaw abdirahman mahad liban zhiwei haoran minh quang "
    "min-jun dong-hyun kenji hiroshi jericho arnel grzegorz wojciech zbigniew "
    "mihai bogdan joão gonçalo thiago caio alejandro santiago íñigo borja "
    "giuseppe domenico dimitris spyros mehmet burak yousef khalid dariush "
    "kourosh delroy desmond errol padraig tadhg eoghan rupert hamish cyril "
    "leopold"
)
