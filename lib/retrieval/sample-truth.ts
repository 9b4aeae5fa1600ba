import { SAMPLE_PRODUCTS } from "../datasets/sample/products";
import { DEFAULT_QUESTIONS } from "../runs/setting-fields";

// What the sample dataset's reviews say, known because it is generated (lib/datasets/sample): for each product
// the questions a run asks, and which of its aspects answer them. A review is relevant to a question when it
// states one of the wanted aspects. Three kinds of question:
//  - the run's default "like" and "dislike" questions (wanted: every like / dislike of the product);
//  - a question about one named feature, in words a user would type, not the review's (wanted: that aspect).

export type TruthQuestion = { kind: "like" | "dislike" | "feature"; question: string; aspects: string[] };

/** One feature question per product, about one of its dislikes, worded unlike the reviews. */
const FEATURE_QUESTIONS: Record<string, [question: string, aspect: string]> = {
  B00SAMPLE01: ["Does it come with a charger?", "the charger is not included"],
  B00SAMPLE02: ["How good is the bass for music?", "the bass is weak for music"],
  B00SAMPLE03: ["Does it overheat or lag?", "it runs hot and lags after an hour"],
  B00SAMPLE04: ["Do the batteries leak?", "they leaked inside a remote"],
  B00SAMPLE05: ["How good is the camera?", "the camera is grainy"],
  B00SAMPLE06: ["Is it worth the price?", "it is expensive for an e-reader"],
  B00SAMPLE07: ["Is the camera cover sturdy?", "the camera cover feels flimsy"],
  B00SAMPLE08: ["How fast is data transfer?", "data transfer is slow"],
  B00SAMPLE09: ["Do I need a subscription to keep videos?", "the subscription is needed to save videos"],
  B00SAMPLE10: ["How is the audio quality?", "audio is muffled"],
  B00SAMPLE11: ["Is the case heavy?", "the case makes it heavy"],
  B00SAMPLE12: ["Does the case scratch?", "the case scratches easily"],
};

export const SAMPLE_TRUTH: Record<string, TruthQuestion[]> = Object.fromEntries(
  SAMPLE_PRODUCTS.map((p) => {
    const [question, aspect] = FEATURE_QUESTIONS[p.asin];
    return [
      p.asin,
      [
        { kind: "like", question: DEFAULT_QUESTIONS[0], aspects: p.likes },
        { kind: "dislike", question: DEFAULT_QUESTIONS[1], aspects: p.dislikes },
        { kind: "feature", question, aspects: [aspect] },
      ],
    ];
  }),
);

/** The sample's known answers apply to a dataset holding every sample product as a group. */
export function hasSampleTruth(groups: string[]): boolean {
  const have = new Set(groups);
  return SAMPLE_PRODUCTS.every((p) => have.has(p.asin));
}

export const mentions = (text: string, aspect: string) => text.toLowerCase().includes(aspect.toLowerCase());
