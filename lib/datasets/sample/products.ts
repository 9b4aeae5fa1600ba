// Synthetic products for the sample dataset: each has things customers like and dislike, in its own words,
// so retrieval for "what do people like/dislike" has a right answer to find.

export type SampleProduct = { asin: string; name: string; likes: string[]; dislikes: string[] };

export const SAMPLE_PRODUCTS: SampleProduct[] = [
  {
    asin: "B00SAMPLE01",
    name: "Kindle Paperwhite e-reader",
    likes: [
      "the screen is sharp and easy on the eyes",
      "the battery lasts for weeks",
      "it is light enough to hold in one hand",
      "the built-in light is great for reading at night",
    ],
    dislikes: [
      "the page turns feel slow",
      "the charger is not included",
      "the store keeps pushing ads on the lock screen",
    ],
  },
  {
    asin: "B00SAMPLE02",
    name: "Echo Dot smart speaker",
    likes: [
      "the voice recognition works from across the room",
      "setting alarms and timers is easy",
      "the sound is clear for such a small speaker",
    ],
    dislikes: [
      "the bass is weak for music",
      "it sometimes wakes up when nobody called it",
      "privacy settings are hard to find",
    ],
  },
  {
    asin: "B00SAMPLE03",
    name: "Fire TV Stick streaming device",
    likes: ["setup took five minutes", "the remote is simple and responsive", "streaming in 4K looks stunning"],
    dislikes: [
      "the menu is cluttered with sponsored content",
      "it runs hot and lags after an hour",
      "wifi drops now and then",
    ],
  },
  {
    asin: "B00SAMPLE04",
    name: "AmazonBasics AA batteries",
    likes: ["they last as long as the name brands", "the price per battery is low", "the pack arrived well sealed"],
    dislikes: ["a few were dead on arrival", "they leaked inside a remote", "the cardboard box is hard to open"],
  },
  {
    asin: "B00SAMPLE05",
    name: "Fire HD 8 tablet",
    likes: ["great value for kids", "the screen is bright for videos", "parental controls are easy to set"],
    dislikes: ["it is slow with more than two apps open", "the camera is grainy", "charging takes forever"],
  },
  {
    asin: "B00SAMPLE06",
    name: "Kindle Oasis e-reader",
    likes: [
      "the physical page buttons are wonderful",
      "it is waterproof so I read in the bath",
      "the warm light is gentle at night",
    ],
    dislikes: [
      "it is expensive for an e-reader",
      "the grip side is slippery",
      "battery drains faster than older models",
    ],
  },
  {
    asin: "B00SAMPLE07",
    name: "Echo Show smart display",
    likes: [
      "video calls with family are easy",
      "the screen shows recipes while I cook",
      "the speaker fills the kitchen",
    ],
    dislikes: ["the camera cover feels flimsy", "ads appear on the home screen", "it is bulky on a small counter"],
  },
  {
    asin: "B00SAMPLE08",
    name: "AmazonBasics USB-C cable",
    likes: ["the braided cable feels durable", "it charges my phone quickly", "the length is perfect for the couch"],
    dislikes: ["the connector wiggles after a month", "data transfer is slow", "it stopped working after a few weeks"],
  },
  {
    asin: "B00SAMPLE09",
    name: "Ring video doorbell",
    likes: [
      "motion alerts reach my phone instantly",
      "the night vision is clear",
      "installation was quick with the included tools",
    ],
    dislikes: [
      "the subscription is needed to save videos",
      "the battery needs charging every month",
      "alerts lag in cold weather",
    ],
  },
  {
    asin: "B00SAMPLE10",
    name: "Blink outdoor camera",
    likes: ["two years on one set of batteries", "the app is simple to use", "the picture is sharp in daylight"],
    dislikes: ["there is a delay before recording starts", "audio is muffled", "the mount is plastic and cheap"],
  },
  {
    asin: "B00SAMPLE11",
    name: "Kindle Kids edition",
    likes: ["my daughter reads every night now", "the case survives drops", "the free books subscription is generous"],
    dislikes: [
      "the case makes it heavy",
      "vocabulary builder is buried in menus",
      "setup of the child profile is confusing",
    ],
  },
  {
    asin: "B00SAMPLE12",
    name: "Echo Buds earbuds",
    likes: ["noise cancellation works well on the train", "they fit snugly during runs", "pairing was instant"],
    dislikes: ["the case scratches easily", "the battery life is short", "touch controls trigger by accident"],
  },
];
